// DSN keys changed by a project's managers, through the API and the CLI: a new key ingests at once, a
// revoked key stops ingest (within the key cache TTL), a rate limit caps it, and lifting the limit frees
// it. On SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/commands.ts';
import { IngestKeys } from '../src/ingest/keys.ts';
import { createKey, createProject } from '../src/projects/project.repository.ts';
import { addUser, call, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';

interface ApiKey {
  id: number;
  label: string;
  publicKey: string;
  dsn: string;
  rateLimitPerMinute: number | null;
  revokedAt: string | null;
}

describe.each(testDialects)('DSN keys on %s', (dialect) => {
  let vigie: RunningVigie;
  let manager: string;
  let member: string;
  beforeAll(async () => {
    // No key cache: each ingest request sees the key as it is now (the TTL has its own test below).
    vigie = await startVigie(dialect, { VIGIE_KEY_CACHE_TTL_MS: '0' });
    const { database } = vigie.app.vigie;
    const ana = await addUser(database, {
      email: 'ana@shop.example',
      role: 'admin',
      projectId: vigie.projectId,
    });
    const bob = await addUser(database, {
      email: 'bob@shop.example',
      role: 'member',
      projectId: vigie.projectId,
    });
    manager = await userToken(database, ana.id);
    member = await userToken(database, bob.id);
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const db = () => vigie.app.vigie.database.db;
  const newKey = (label: string) => createKey(db(), vigie.projectId, label);
  const ingest = async (publicKey: string) => {
    const response = await vigie.fetch(`/api/${vigie.projectId}/envelope/?sentry_key=${publicKey}`, {
      method: 'POST',
      body: envelopeOf(errorEvent()),
    });
    const body = (await response.json()) as { error?: { code: string } };
    return response.status === 200 ? 200 : `${response.status} ${body.error?.code}`;
  };

  it('creates a labelled key for its managers, which ingest accepts at once', async () => {
    const path = `/api/v1/projects/${vigie.projectId}/keys`;
    const created = await call<ApiKey>(vigie, 'POST', path, {
      bearer: manager,
      body: { label: '  Web shop, browser ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      label: 'Web shop, browser',
      rateLimitPerMinute: null,
      revokedAt: null,
    });
    expect(created.body.dsn).toMatch(
      new RegExp(`^http://${created.body.publicKey}@[^/]+/${vigie.projectId}$`),
    );
    expect(await ingest(created.body.publicKey)).toBe(200);
    const listed = await call<{ keys: ApiKey[] }>(vigie, 'GET', path, { bearer: member });
    expect(listed.body.keys.map((k) => k.label)).toContain('Web shop, browser');

    const limited = await call<ApiKey>(vigie, 'POST', path, {
      bearer: manager,
      body: { label: 'Batch jobs', rateLimitPerMinute: 1 },
    });
    expect(limited.body.rateLimitPerMinute).toBe(1);
    expect(await ingest(limited.body.publicKey)).toBe(200);
    expect(await ingest(limited.body.publicKey)).toBe('429 rate_limited');
  });

  it('refuses a key without a label, and refuses members without manage', async () => {
    const path = `/api/v1/projects/${vigie.projectId}/keys`;
    const blank = await call<{ error: { code: string; message: string } }>(vigie, 'POST', path, {
      bearer: manager,
      body: { label: '   ' },
    });
    expect(blank.status).toBe(400);
    expect(blank.body.error.code).toBe('invalid_key_label');
    const missing = await call<{ error: { message: string } }>(vigie, 'POST', path, {
      bearer: manager,
      body: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/label/);
    const byMember = await call(vigie, 'POST', path, { bearer: member, body: { label: 'sneaky' } });
    expect(byMember.status).toBe(403);
    const other = await createProject(db(), `Hidden ${dialect}`);
    const hidden = await call(vigie, 'POST', `/api/v1/projects/${other.id}/keys`, {
      bearer: manager,
      body: { label: 'x' },
    });
    expect(hidden.status).toBe(404);
  });

  it('revokes a key for its managers: the API lists it revoked and ingest refuses it', async () => {
    const key = await newKey('leaked');
    expect(await ingest(key.public_key)).toBe(200);
    const path = `/api/v1/projects/${vigie.projectId}/keys/${key.id}/revoke`;
    expect((await call(vigie, 'POST', path, { bearer: member })).status).toBe(403);
    const revoked = await call<ApiKey>(vigie, 'POST', path, { bearer: manager });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: key.id, publicKey: key.public_key });
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(await ingest(key.public_key)).toBe('403 key_revoked');
    // Again: nothing changes, the first revocation time stays.
    const again = await call<ApiKey>(vigie, 'POST', path, { bearer: manager });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const listed = await call<{ keys: ApiKey[] }>(vigie, 'GET', `/api/v1/projects/${vigie.projectId}/keys`, {
      bearer: member,
    });
    expect(listed.body.keys.find((k) => k.id === key.id)?.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('sets, enforces and lifts a per-minute rate limit', async () => {
    const key = await newKey('browser bundle');
    const path = `/api/v1/projects/${vigie.projectId}/keys/${key.id}`;
    const limit = (rateLimitPerMinute: unknown, bearer = manager) =>
      call<ApiKey>(vigie, 'PATCH', path, { bearer, body: { rateLimitPerMinute } });
    expect((await limit(2, member)).status).toBe(403);
    expect((await limit(0)).status).toBe(400);
    expect((await limit('lots')).status).toBe(400);
    const set = await limit(2);
    expect([set.status, set.body.rateLimitPerMinute]).toEqual([200, 2]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await ingest(key.public_key));
    expect(statuses).toEqual([200, 200, '429 rate_limited']);
    const lifted = await limit(null);
    expect([lifted.status, lifted.body.rateLimitPerMinute]).toEqual([200, null]);
    expect(await ingest(key.public_key)).toBe(200);
  });

  it("answers 404 for a key that is not the project's, and for a project the caller cannot see", async () => {
    const other = await createProject(db(), `Other ${dialect}`);
    const otherKey = await createKey(db(), other.id);
    const inOwn = `/api/v1/projects/${vigie.projectId}/keys/${otherKey.id}/revoke`;
    const answer = await call<{ error: { message: string } }>(vigie, 'POST', inOwn, { bearer: manager });
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toBe(
      `Key ${otherKey.id} does not exist, or you do not have access to it.`,
    );
    const inOther = `/api/v1/projects/${other.id}/keys/${otherKey.id}/revoke`;
    expect((await call(vigie, 'POST', inOther, { bearer: manager })).status).toBe(404);
    expect(await ingest(otherKey.public_key)).toBe('403 wrong_project');
  });

  it('stops a revoked key once its cached lookup is older than the TTL, not before', async () => {
    const key = await newKey('cached');
    const keys = new IngestKeys(db(), 10_000);
    const t0 = 1_000_000;
    await keys.authenticate(key.public_key, String(vigie.projectId), t0);
    await call(vigie, 'POST', `/api/v1/projects/${vigie.projectId}/keys/${key.id}/revoke`, {
      bearer: manager,
    });
    // Within the TTL the cached lookup still answers; at the TTL the key is looked up again.
    await expect(
      keys.authenticate(key.public_key, String(vigie.projectId), t0 + 9_999),
    ).resolves.toMatchObject({
      id: key.id,
    });
    await expect(
      keys.authenticate(key.public_key, String(vigie.projectId), t0 + 10_000),
    ).rejects.toMatchObject({
      code: 'key_revoked',
    });
  });

  it('revokes and limits a key from the CLI, named by its DSN or its public key', async () => {
    const key = await newKey('cli');
    const lines: string[] = [];
    const vigieCli = (...args: string[]) => runCommand(vigie.config, args, (line) => lines.push(line));
    await vigieCli('key', 'limit', key.public_key, '1');
    expect(lines.at(-1)).toBe(`key ${key.public_key} (cli): 1 events/minute`);
    expect(await ingest(key.public_key)).toBe(200);
    expect(await ingest(key.public_key)).toBe('429 rate_limited');
    await vigieCli('key', 'limit', key.public_key, 'none');
    expect(await ingest(key.public_key)).toBe(200);
    await vigieCli('key', 'list', String(vigie.projectId));
    expect(lines.some((l) => l.startsWith(`${key.public_key}  cli  no rate limit  `))).toBe(true);
    const dsn = lines
      .find((l) => l.startsWith(key.public_key))!
      .split('  ')
      .at(-1)!;
    await vigieCli('key', 'revoke', dsn);
    expect(lines.at(-2)).toBe(`key ${key.public_key} (cli) of project ${vigie.projectId} revoked`);
    expect(await ingest(key.public_key)).toBe('403 key_revoked');
    await expect(vigieCli('key', 'limit', key.public_key, '0')).rejects.toThrow('EVENTS_PER_MINUTE');
    await expect(vigieCli('key', 'revoke', 'nope')).rejects.toThrow('no DSN key "nope"');
  });
});
