// The Sentry ingestion endpoints over HTTP: auth, encodings, limits, idempotency, rate limits and
// CORS, as an SDK or a browser meets them. On SQLite and PostgreSQL.

import { Agent, request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createProject, revokeKey } from '../src/projects/project.repository.ts';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

// 150 MiB of zeros, gzipped to about 150 KB: past the 100 MiB envelope limit once inflated. Made
// once for the file (most of a second of CPU each time).
let gzipBomb: Buffer | undefined;
const bomb = () => (gzipBomb ??= gzipSync(Buffer.alloc(150 * 1024 * 1024)));

describe.each(testDialects)('ingest endpoints on %s', (dialect) => {
  let vigie: RunningVigie;
  let key: string;
  beforeAll(async () => {
    // Listening: one test here is about what happens to a keep-alive connection.
    vigie = await startVigie(dialect, {}, { listen: true });
    key = new URL(vigie.dsn).username;
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const post = (path: string, body: string | Buffer | Uint8Array, headers: Record<string, string> = {}) =>
    vigie.fetch(path, { method: 'POST', body, headers });
  const envelopeUrl = () => `/api/${vigie.projectId}/envelope/?sentry_key=${key}&sentry_version=7`;
  const readBack = (id: string) =>
    eventually(() => vigie.api<{ eventId: string }>(`/api/v1/events/${id}`).catch(() => undefined));

  it('accepts an envelope authenticated by the sentry_key query parameter', async () => {
    const event = errorEvent();
    const response = await post(envelopeUrl(), envelopeOf(event));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: event.event_id });
    expect((await readBack(event.event_id as string)).eventId).toBe(event.event_id);
  });

  it('authenticates by X-Sentry-Auth and by the envelope dsn header', async () => {
    const byHeader = errorEvent();
    const r1 = await post(`/api/${vigie.projectId}/envelope/`, envelopeOf(byHeader), {
      'x-sentry-auth': `Sentry sentry_key=${key}, sentry_version=7, sentry_client=test/1.0`,
    });
    expect(r1.status).toBe(200);
    const byDsn = errorEvent();
    const r2 = await post(`/api/${vigie.projectId}/envelope/`, envelopeOf(byDsn, vigie.dsn));
    expect(r2.status).toBe(200);
  });

  it('decodes gzip, deflate and br bodies', async () => {
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const event = errorEvent();
      const response = await post(envelopeUrl(), compress(envelopeOf(event)), {
        'content-encoding': encoding,
      });
      expect(response.status, encoding).toBe(200);
      await readBack(event.event_id as string);
    }
  });

  it('answers 401 without a key and for an unknown key, 403 for a revoked or another project’s key', async () => {
    const body = envelopeOf(errorEvent());
    const missing = await post(`/api/${vigie.projectId}/envelope/`, body);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('missing_key');

    const unknown = await post(`/api/${vigie.projectId}/envelope/?sentry_key=0123456789abcdef`, body);
    expect(unknown.status).toBe(401);

    const db = vigie.app.vigie.database.db;
    const other = await createProject(db, 'Other');
    const otherKey = await createKey(db, other.id);
    const wrongProject = await post(
      `/api/${vigie.projectId}/envelope/?sentry_key=${otherKey.public_key}`,
      body,
    );
    expect(wrongProject.status).toBe(403);
    expect(((await wrongProject.json()) as { error: { message: string } }).error.message).toContain(
      `belongs to project ${other.id}`,
    );

    const revoked = await createKey(db, vigie.projectId, 'to revoke');
    await revokeKey(db, vigie.projectId, revoked.id);
    const response = await post(`/api/${vigie.projectId}/envelope/?sentry_key=${revoked.public_key}`, body);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('key_revoked');
  });

  it('rejects malformed input with 400 saying what is wrong', async () => {
    const notJson = await post(envelopeUrl(), '{"event_id": nope\n');
    expect(notJson.status).toBe(400);
    const badItem = await post(envelopeUrl(), '{}\n{"type":"event"}\n{"broken":\n');
    expect(badItem.status).toBe(400);
    expect(((await badItem.json()) as { error: { message: string } }).error.message).toMatch(/item 0/);
    const empty = await post(envelopeUrl(), '');
    expect(empty.status).toBe(400);
    const badGzip = await post(envelopeUrl(), Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
  });

  it('refuses with 400 a bare event or an envelope without items, which would store nothing', async () => {
    const bare = await post(envelopeUrl(), '{"message": "hi"}');
    expect(bare.status).toBe(400);
    const { error } = (await bare.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_envelope');
    expect(error.message).toContain('not an envelope');
    expect(error.message).toContain(`/api/${vigie.projectId}/store/`);

    const headerOnly = await post(
      envelopeUrl(),
      `{"event_id":"${'a'.repeat(32)}","sent_at":"2026-01-01T00:00:00Z"}\n`,
    );
    expect(headerOnly.status).toBe(400);
    expect(((await headerOnly.json()) as { error: { message: string } }).error.message).toMatch(/no items/);

    // Items Vigie does not store are skipped for that reason, as SDKs send them: still a 200.
    const profile = `{"event_id":"${'b'.repeat(32)}"}\n{"type":"profile"}\n{"version":"1"}\n`;
    expect((await post(envelopeUrl(), profile)).status).toBe(200);
  });

  it('answers 413 for an event over 1 MiB and for a gzip bomb, and keeps serving', async () => {
    const big = errorEvent({ value: 'x'.repeat(1_100_000) });
    const tooBig = await post(`/api/${vigie.projectId}/store/?sentry_key=${key}`, JSON.stringify(big));
    expect(tooBig.status).toBe(413);
    const bombed = await post(envelopeUrl(), bomb(), { 'content-encoding': 'gzip' });
    expect(bombed.status).toBe(413);
    const after = errorEvent();
    expect((await post(envelopeUrl(), envelopeOf(after))).status).toBe(200);
  });

  it('closes a keep-alive connection after a 413, since the rest of the body was left unread', async () => {
    const agent = new Agent({ keepAlive: true });
    const body = bomb();
    type Answer = { status: number; connection: string | undefined; closedByServer: boolean };
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        new URL(envelopeUrl(), vigie.baseUrl),
        { method: 'POST', agent, headers: { 'content-encoding': 'gzip', 'content-length': body.length } },
        (res) => {
          res.resume();
          // A connection kept open would never close, and the test time out.
          res.socket.once('close', () =>
            resolve({ status: res.statusCode!, connection: res.headers.connection, closedByServer: true }),
          );
        },
      );
      // Writing into a connection the server closed may fail; the answer is what matters.
      req.on('error', (error) => (req.socket?.destroyed ? undefined : reject(error)));
      req.end(body);
    });
    agent.destroy();
    expect(answer).toEqual({ status: 413, connection: 'close', closedByServer: true });
    expect((await post(envelopeUrl(), envelopeOf(errorEvent()))).status).toBe(200);
  });

  it('stores an event once however often it is retried', async () => {
    const event = errorEvent({ fn: 'retriedHandler' });
    const body = envelopeOf(event);
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(envelopeUrl(), body)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const { issues } = await vigie.api<{
      issues: Array<{ title: string; count: number; culprit: string | null }>;
    }>(`/api/v1/projects/${vigie.projectId}/issues?limit=100`);
    const issue = issues.find((i) => i.culprit?.includes('retriedHandler'));
    expect(issue?.count).toBe(1);
  });

  it('answers 429 with Retry-After and X-Sentry-Rate-Limits once a key’s per-minute limit is used', async () => {
    const db = vigie.app.vigie.database.db;
    const limited = await createKey(db, vigie.projectId, 'limited');
    await db
      .updateTable('project_keys')
      .set({ rate_limit_per_minute: 2 })
      .where('id', '=', limited.id)
      .execute();
    const url = `/api/${vigie.projectId}/envelope/?sentry_key=${limited.public_key}`;
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await post(url, envelopeOf(errorEvent()));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('x-sentry-rate-limits')).toMatch(/^\d+::key/);
  });

  it('lets browser SDKs in with CORS, preflight included', async () => {
    const preflight = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const response = await post(envelopeUrl(), envelopeOf(errorEvent()), {
      origin: 'https://shop.example.com',
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('accepts the legacy GET store with sentry_data', async () => {
    const event = errorEvent();
    const url = `/api/${vigie.projectId}/store/?sentry_key=${key}&sentry_data=${encodeURIComponent(JSON.stringify(event))}`;
    const response = await vigie.fetch(url);
    expect(response.status).toBe(200);
    await readBack(event.event_id as string);
  });
});
