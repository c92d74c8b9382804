// Bulk triage by search query over HTTP: every issue the query matches gets the action, the answer says how
// many matched and changed and why the others did not, and only triagers may do it. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../src/projects/project.repository.ts';
import { HOUR, insertIssue, insertUser, MINUTE, request, type SeededUser } from './search-data.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

interface BulkResult {
  matched: number;
  processed: number;
  changed: number;
  remaining: number;
  failed: Array<{ id: number; status: number; error: { code: string; details?: Record<string, unknown> } }>;
}
interface IssuePage {
  issues: Array<{ id: number; status: string }>;
}

describe.each(testDialects)('bulk triage by query on %s', (dialect) => {
  let vigie: RunningVigie;
  let triager: SeededUser;
  let support: SeededUser;
  let outsider: SeededUser;
  const loadTest: number[] = [];
  let alreadyIgnored: number;
  let production: number;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const db = vigie.app.vigie.database.db;
    const p = vigie.projectId;
    triager = await insertUser(db, 'tess@shop.example', [[p, 'member']]);
    support = await insertUser(db, 'sam@shop.example', [[p, 'support']]);
    outsider = await insertUser(db, 'olga@backoffice.example', [
      [(await createProject(db, 'backoffice')).id, 'owner'],
    ]);
    const now = Date.now();
    for (const [i, title] of [
      'Error: 503 from /api/cart',
      'Error: socket hang up',
      'TimeoutError: k6 vu 212',
    ].entries()) {
      loadTest.push(
        await insertIssue(db, p, {
          title,
          firstSeen: now - HOUR,
          lastSeen: now - i * MINUTE,
          inboxAt: now - HOUR,
          releases: ['loadtest-2026-11-24'],
        }),
      );
    }
    alreadyIgnored = await insertIssue(db, p, {
      title: 'Error: too many open files',
      status: 'ignored',
      firstSeen: now - HOUR,
      lastSeen: now - 10 * MINUTE,
      releases: ['loadtest-2026-11-17'],
    });
    production = await insertIssue(db, p, {
      title: 'Error: 503 from /api/cart',
      firstSeen: now - HOUR,
      lastSeen: now,
      inboxAt: now - HOUR,
      releases: ['shop@1.4.2'],
    });
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const bulk = (body: unknown, token = triager.token) =>
    request<BulkResult & { error: { code: string; message: string; details: Record<string, unknown> } }>(
      vigie,
      token,
      'POST',
      `/api/v1/projects/${vigie.projectId}/issues/bulk-by-query`,
      body,
    );
  const statuses = async () => {
    const { body } = await request<IssuePage>(
      vigie,
      vigie.token,
      'GET',
      `/api/v1/projects/${vigie.projectId}/issues?limit=100`,
    );
    return new Map(body.issues.map((i) => [i.id, i.status]));
  };

  it('refuses support, other projects, and actions that would fail on every issue, changing nothing', async () => {
    expect(
      (await bulk({ query: 'release:loadtest-*', action: { type: 'ignore' } }, support.token)).status,
    ).toBe(403);
    expect(
      (await bulk({ query: 'release:loadtest-*', action: { type: 'ignore' } }, outsider.token)).status,
    ).toBe(404);
    const unknownAssignee = await bulk({
      query: 'release:loadtest-*',
      action: { type: 'assign', assignee: 'user:nobody@shop.example' },
    });
    expect(unknownAssignee.status).toBe(400);
    const pastSnooze = await bulk({
      query: 'release:loadtest-*',
      action: { type: 'snooze', snooze: { kind: 'until', until: '2020-01-06T09:00:00.000Z' } },
    });
    expect(pastSnooze.status).toBe(400);
    expect(pastSnooze.body.error).toMatchObject({
      code: 'invalid_action',
      message: 'The snooze date must be in the future.',
    });
    const empty = await bulk({ query: '   ', action: { type: 'ignore' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('never applies to every issue');
    const malformed = await bulk({ query: 'release:loadtest-* lastSeen:1h', action: { type: 'ignore' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toMatchObject({ position: 28 });
    const after = await statuses();
    expect([...loadTest, production].map((id) => after.get(id))).toEqual(Array(4).fill('unresolved'));
  });

  it('ignores every issue of the load test, saying which could not change and why', async () => {
    const { status, body } = await bulk({ query: 'release:loadtest-*', action: { type: 'ignore' } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ matched: 4, processed: 4, changed: 3, remaining: 0 });
    expect(body.failed).toEqual([
      expect.objectContaining({
        id: alreadyIgnored,
        status: 409,
        error: expect.objectContaining({
          code: 'illegal_transition',
          details: expect.objectContaining({ currentStatus: 'ignored' }),
        }),
      }),
    ]);
    const after = await statuses();
    expect(loadTest.map((id) => after.get(id))).toEqual(['ignored', 'ignored', 'ignored']);
    expect(after.get(production)).toBe('unresolved');
    // Each change went through the lifecycle: it has its activity row, by the triager.
    const { body: activity } = await request<{
      activity: Array<{ kind: string; actor: { email: string | null } }>;
    }>(vigie, vigie.token, 'GET', `/api/v1/issues/${loadTest[0]}/activity`);
    expect(activity.activity.map((a) => [a.kind, a.actor.email])).toContainEqual([
      'status',
      'tess@shop.example',
    ]);
  });

  it('assigns what the inbox query still matches, and nothing once nothing matches', async () => {
    const first = await bulk({ query: 'is:unresolved is:inbox', action: { type: 'assign', assignee: 'me' } });
    expect(first.body).toMatchObject({ matched: 1, changed: 1, failed: [] });
    const again = await bulk({ query: 'is:unresolved is:inbox', action: { type: 'review' } });
    expect(again.body).toMatchObject({ matched: 0, processed: 0, changed: 0, remaining: 0 });
  });
});
