// What a careless client or an attacker sends to the ingest endpoints, and what each gets: a 4xx
// with a message at once, or its events stored, never a 500, a hang, or an event lost. Each case
// is a defect found by probing Vigie (issue 22). On SQLite and PostgreSQL.

import { brotliCompressSync, constants, deflateSync, gzipSync, zstdCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent, newEventId } from './support/events.ts';

type ErrorAnswer = { error: { code: string; message: string } };
type StoredEvent = { eventId: string; title: string; release: string | null; data: Record<string, unknown> };

/** JSON text of `{"a":{"a":…1…}}`, `levels` deep: JSON.stringify itself cannot write it. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** An event's JSON text with `"DEEP"` string values replaced by `deep`. */
const withDeep = (event: Record<string, unknown>, deep: string) =>
  JSON.stringify(event).replaceAll('"DEEP"', deep);

/** How deep a JSON value is; the values read back are shallow, so recursion is safe here. */
const depthOf = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

describe.each(testDialects)('ingest hardening on %s', (dialect) => {
  let vigie: RunningVigie;
  let key: string;
  beforeAll(async () => {
    vigie = await startVigie(dialect);
    key = new URL(vigie.dsn).username;
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    vigie.fetch(path, { method: 'POST', body, headers });
  const envelopeUrl = () => `/api/${vigie.projectId}/envelope/?sentry_key=${key}`;
  const storeUrl = () => `/api/${vigie.projectId}/store/?sentry_key=${key}`;
  const readBack = (id: string) =>
    eventually(() => vigie.api<StoredEvent>(`/api/v1/events/${id}`).catch(() => undefined));
  const itemsOf = (header: Record<string, unknown>, payloads: string[]) =>
    `${JSON.stringify(header)}\n${payloads.map((p) => `{"type":"event"}\n${p}\n`).join('')}`;

  it('answers 400 at once for a compressed body with data after its end, in every encoding', async () => {
    const body = Buffer.from(envelopeOf(errorEvent()));
    const bodies: Array<[string, Buffer]> = [
      ['deflate', Buffer.concat([deflateSync(body), Buffer.from('trailing bytes')])],
      ['deflate', Buffer.concat([deflateSync(body), deflateSync(body)])],
      ['gzip', Buffer.concat([gzipSync(body), Buffer.from('trailing bytes')])],
      ['br', Buffer.concat([brotliCompressSync(body), Buffer.from('trailing bytes')])],
      ['br', Buffer.concat([brotliCompressSync(body), brotliCompressSync(body)])],
      ['zstd', Buffer.concat([zstdCompressSync(body), Buffer.from('trailing bytes')])],
    ];
    for (const [encoding, wire] of bodies) {
      const response = await post(envelopeUrl(), wire, { 'content-encoding': encoding });
      expect(response.status, encoding).toBe(400);
      expect(((await response.json()) as ErrorAnswer).error.message).toMatch(/not valid .* data/);
    }
    expect((await post(envelopeUrl(), deflateSync(body), { 'content-encoding': 'deflate' })).status).toBe(
      200,
    );
  });

  it('answers 401 with a message for an envelope whose dsn header is not a DSN', async () => {
    for (const dsn of ['http://%zz@x/1', 'not a url', 'https://vigie.example.com/1']) {
      const body = `${JSON.stringify({ dsn })}\n{"type":"event"}\n{}\n`;
      const response = await post(`/api/${vigie.projectId}/envelope/`, body);
      expect(response.status, dsn).toBe(401);
      const { error } = (await response.json()) as ErrorAnswer;
      expect(error.code).toBe('invalid_dsn');
      expect(error.message).toContain('is not a DSN');
    }
    const withoutDsn = await post(`/api/${vigie.projectId}/envelope/`, '{}\n{"type":"event"}\n{}\n');
    expect(((await withoutDsn.json()) as ErrorAnswer).error.code).toBe('missing_key');
  });

  it('answers 401 for a key no DSN could hold, without looking it up', async () => {
    // PostgreSQL refuses a NUL in a query parameter: looked up, this key was a 500 there.
    for (const bad of ['%00abc', 'a%0Ab', 'x'.repeat(300)]) {
      const response = await post(
        `/api/${vigie.projectId}/envelope/?sentry_key=${bad}`,
        envelopeOf(errorEvent()),
      );
      expect(response.status, bad).toBe(401);
      expect(((await response.json()) as ErrorAnswer).error.code).toBe('invalid_key');
    }
  });

  it('refuses an unknown key named in the envelope header before decompressing the rest', async () => {
    // 150 MiB once decompressed: read whole, it would pass the 100 MiB limit before its key was checked.
    const header = Buffer.from(
      `${JSON.stringify({ dsn: `http://0123456789abcdef@x/${vigie.projectId}` })}\n`,
    );
    const bomb = brotliCompressSync(Buffer.concat([header, Buffer.alloc(150 * 1024 * 1024)]), {
      params: { [constants.BROTLI_PARAM_QUALITY]: 1 },
    });
    const response = await post(`/api/${vigie.projectId}/envelope/`, bomb, { 'content-encoding': 'br' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorAnswer).error.code).toBe('invalid_key');
    expect(response.headers.get('connection')).toBe('close');
    // A store request cannot name its key in its body: without one, it is refused unread.
    const store = await post(`/api/${vigie.projectId}/store/`, JSON.stringify(errorEvent()));
    expect(((await store.json()) as ErrorAnswer).error.code).toBe('missing_key');
  });

  it('stores each event of an envelope that has no event_id under an id of its own', async () => {
    const events = ['first', 'second', 'third'].map((fn) => {
      const { event_id: _, ...event } = errorEvent({ fn: `noId_${fn}_${dialect}` });
      return JSON.stringify(event);
    });
    const headerId = newEventId();
    for (const header of [{}, { event_id: headerId }]) {
      const response = await post(envelopeUrl(), itemsOf(header, events));
      expect(response.status).toBe(200);
      const { id } = (await response.json()) as { id: string };
      if ('event_id' in header) expect(id).toBe(headerId);
      await readBack(id);
    }
    const { issues } = await vigie.api<{ issues: Array<{ culprit: string | null; count: number }> }>(
      `/api/v1/projects/${vigie.projectId}/issues?limit=100`,
    );
    const counts = ['first', 'second', 'third'].map(
      (fn) => issues.find((i) => i.culprit?.includes(`noId_${fn}_${dialect}`))?.count,
    );
    expect(counts).toEqual([2, 2, 2]);
  });

  it('answers with the id an event was stored under, whatever the envelope header said', async () => {
    const { event_id: _, ...event } = errorEvent();
    for (const headerId of ['not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      const response = await post(envelopeUrl(), itemsOf({ event_id: headerId }, [JSON.stringify(event)]));
      const { id } = (await response.json()) as { id: string };
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect((await readBack(id)).eventId).toBe(id);
    }
    const upper = newEventId().toUpperCase();
    const hyphenated = `${upper.slice(0, 8)}-${upper.slice(8, 12)}-${upper.slice(12, 16)}-${upper.slice(16, 20)}-${upper.slice(20)}`;
    const response = await post(envelopeUrl(), itemsOf({ event_id: hyphenated }, [JSON.stringify(event)]));
    expect(await response.json()).toEqual({ id: upper.toLowerCase() });
  });

  it('keeps an event nested 5,000 levels deep, cut to depth as Relay trims data bags', async () => {
    const deep = nested(5000);
    const event: Record<string, unknown> = {
      ...errorEvent({ value: 'DEEP' }),
      extra: { payload: 'DEEP' },
      contexts: { app: { state: 'DEEP' } },
      user: { id: 'u-1', data: 'DEEP' },
      request: { url: 'https://shop.example.com/cart', data: 'DEEP', env: { REMOTE: 'DEEP' } },
      breadcrumbs: [{ category: 'ui.click', data: { target: 'DEEP' } }],
      logentry: { message: 'Order %s failed', params: ['DEEP'] },
    };
    const frames = (
      event.exception as { values: Array<{ stacktrace: { frames: Array<Record<string, unknown>> } }> }
    ).values[0]!.stacktrace.frames;
    frames[0]!.vars = { order: 'DEEP' };
    const envelope = await post(envelopeUrl(), `{}\n{"type":"event"}\n${withDeep(event, deep)}\n`);
    expect(envelope.status).toBe(200);
    const store = await post(storeUrl(), withDeep({ ...event, event_id: newEventId() }, deep));
    expect(store.status).toBe(200);
    for (const answer of [envelope, store]) {
      const { data } = await readBack(((await answer.json()) as { id: string }).id);
      expect(depthOf(data)).toBeLessThan(20);
      // Seven levels from `extra` down, the rest as JSON text, itself cut at 16 levels.
      const extra = data.extra as { payload: { a: { a: { a: { a: { a: unknown } } } } } };
      expect(extra.payload.a.a.a.a.a).toMatch(/^\{"a":\{"a":.*"\.\.\."\}+$/);
    }
  });

  it('stores NUL characters as U+FFFD, the same on both databases', async () => {
    const nul = (text: string) => `${text}\u0000${text}`;
    const event = {
      ...errorEvent({
        value: nul('value'),
        file: nul('/srv/shop/app.js'),
        release: nul('shop@1'),
        environment: nul('prod'),
      }),
      message: nul('message'),
      user: { id: nul('user'), email: nul('user@example.com'), [nul('field')]: nul('data') },
      tags: { [nul('tag')]: nul('tag value'), route: nul('/checkout') },
      extra: { [nul('key')]: nul('extra') },
    };
    const session = {
      sid: crypto.randomUUID(),
      did: nul('device'),
      started: new Date().toISOString(),
      status: 'ok',
      attrs: { release: nul('shop@1'), environment: nul('prod') },
    };
    const report = {
      timestamp: Date.now() / 1000,
      discarded_events: [{ reason: nul('queue'), category: nul('error'), quantity: 1 }],
    };
    const body = [
      '{}',
      '{"type":"event"}',
      JSON.stringify(event),
      '{"type":"session"}',
      JSON.stringify(session),
      '{"type":"client_report"}',
      JSON.stringify(report),
    ].join('\n');
    const response = await post(envelopeUrl(), body);
    expect(response.status).toBe(200);
    const stored = await readBack(((await response.json()) as { id: string }).id);
    expect(stored.release).toBe('shop@1\uFFFDshop@1');
    expect(stored.title).toContain('value\uFFFDvalue');
    expect(JSON.stringify(stored.data)).not.toContain('\\u0000');
    expect(stored.data.user).toMatchObject({ id: 'user\uFFFDuser', 'field\uFFFDfield': 'data\uFFFDdata' });
    const store = await post(storeUrl(), JSON.stringify({ ...event, event_id: newEventId() }));
    expect(store.status).toBe(200);
  });

  it('keeps out of both databases the numbers only one of them could store', async () => {
    // Times of 1e300 seconds, counts past 2^31: SQLite took them, PostgreSQL answered 500.
    const now = new Date().toISOString();
    const sessions = [
      { sid: crypto.randomUUID(), started: 1e300, attrs: { release: 'shop@1' } },
      { sid: crypto.randomUUID(), started: '2019-01-01T00:00:00Z', attrs: { release: 'shop@1' } },
      { sid: crypto.randomUUID(), started: now, errors: 2 ** 53 - 1, attrs: { release: 'shop@1' } },
      { sid: crypto.randomUUID(), started: now, duration: 1e300, attrs: { release: 'shop@1' } },
    ];
    const kept = { sid: crypto.randomUUID(), started: now, errors: 1, attrs: { release: 'shop@1' } };
    const aggregates = {
      attrs: { release: 'shop@1' },
      aggregates: [
        { started: 1e300, exited: 1 },
        { started: now, exited: 2 ** 40 },
      ],
    };
    const report = {
      timestamp: 1e300,
      discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 3 }],
    };
    const event = errorEvent({ timestamp: 1e300 * 1000, level: '__proto__' });
    const body = [
      '{}',
      ...sessions.flatMap((session) => ['{"type":"session"}', JSON.stringify(session)]),
      '{"type":"session"}',
      JSON.stringify(kept),
      '{"type":"sessions"}',
      JSON.stringify(aggregates),
      '{"type":"client_report"}',
      JSON.stringify(report),
      '{"type":"event"}',
      JSON.stringify(event),
    ].join('\n');
    const response = await post(envelopeUrl(), body);
    expect(response.status).toBe(200);
    const stored = await readBack(event.event_id as string);
    expect(stored.data).toMatchObject({ level: 'error' });
    const db = vigie.app.vigie.database.db;
    const rows = await db
      .selectFrom('sessions')
      .select(['sid', 'errors'])
      .where('sid', 'in', [...sessions.map((s) => s.sid), kept.sid])
      .execute();
    expect(rows.map((r) => [r.sid, Number(r.errors)])).toEqual([[kept.sid, 1]]);
    const outcome = await db
      .selectFrom('client_outcomes')
      .select(['minute', 'quantity'])
      .where('reason', '=', 'queue_overflow')
      .executeTakeFirstOrThrow();
    expect(Math.abs(Number(outcome.minute) * 60_000 - Date.now())).toBeLessThan(5 * 60_000);
    // A Content-Encoding named like a prototype member is an encoding Vigie does not know.
    const odd = await post(envelopeUrl(), envelopeOf(errorEvent()), { 'content-encoding': '__proto__' });
    expect(odd.status).toBe(415);
  });
});

describe.each(testDialects)('ingest under memory pressure on %s', (dialect) => {
  let vigie: RunningVigie;
  beforeAll(async () => {
    // The smallest bound there is: 1 MiB of bodies and events waiting for their commit.
    vigie = await startVigie(dialect, { VIGIE_INGEST_QUEUE_BYTES: String(1024 * 1024) });
  });
  afterAll(async () => {
    await vigie.stop();
  });

  it('answers 429 with Retry-After past VIGIE_INGEST_QUEUE_BYTES, and stores every event it accepted', async () => {
    const key = new URL(vigie.dsn).username;
    // Twelve envelopes of about 250 KB at once, three times the bound.
    const envelopes = Array.from({ length: 12 }, () => {
      const events = Array.from({ length: 40 }, () => errorEvent({ value: 'x'.repeat(6000) }));
      return {
        events,
        body: `{}\n${events.map((e) => `{"type":"event"}\n${JSON.stringify(e)}\n`).join('')}`,
      };
    });
    const answers = await Promise.all(
      envelopes.map(({ body }) =>
        vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${key}`, { method: 'POST', body }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    const accepted = envelopes.filter((_, i) => statuses[i] === 200).flatMap((e) => e.events);
    for (const event of accepted) {
      await eventually(() =>
        vigie.api(`/api/v1/events/${event.event_id as string}`).then(
          () => true,
          () => undefined,
        ),
      );
    }
  });
});
