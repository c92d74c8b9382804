// The weekly triage session through the API: what enters the inbox (new, regressed, back from snooze), what
// takes an issue out (any triage action, or "mark reviewed"), and bulk actions over a page of it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../src/projects/project.repository.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { addMember, arrive, HOUR, insertIssue, type Member, newIssue, request } from './triage-fixtures.ts';

interface IssueBody {
  id: number;
  status: string;
  substatus: string | null;
  inbox: { reason: string; since: string } | null;
  snooze: { baseline: { eventCount: number } } | null;
}
interface Inbox {
  issues: IssueBody[];
  next: string | null;
}
interface BulkResult {
  id: number;
  status: number;
  issue?: IssueBody;
  error?: { code: string; details?: Record<string, unknown> };
}

describe.each(testDialects)('the triage inbox and bulk actions on %s', (dialect) => {
  let vigie: RunningVigie;
  let ana: Member;
  let otherProject: number;
  const db = () => vigie.app.vigie.database.db;
  const as = <T = IssueBody>(who: Member, method: string, path: string, body?: unknown) =>
    request<T>(vigie, who.token, method, path, body);
  const inbox = async (query = '') =>
    (await as<Inbox>(ana, 'GET', `/api/v1/projects/${vigie.projectId}/inbox${query}`)).body;
  const ids = (issues: IssueBody[]) => issues.map((i) => i.id);

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    ana = await addMember(db(), 'ana@shop.example', 'member', vigie.projectId);
    const other = await createProject(db(), 'Billing');
    otherProject = other.id;
  });
  afterAll(async () => vigie?.stop());

  it('lists new issues oldest first (or newest first), paged, and only the project’s own', async () => {
    const t0 = Date.now() - 3 * HOUR;
    const [a, b, c] = [
      await newIssue(db(), dialect, { projectId: vigie.projectId, atMs: t0 }),
      await newIssue(db(), dialect, { projectId: vigie.projectId, atMs: t0 + HOUR }),
      await newIssue(db(), dialect, { projectId: vigie.projectId, atMs: t0 + 2 * HOUR }),
    ];
    await newIssue(db(), dialect, { projectId: otherProject, atMs: t0 });
    const oldest = await inbox();
    expect(ids(oldest.issues)).toEqual([a, b, c]);
    expect(oldest.issues[0]!.inbox).toEqual({ reason: 'new', since: new Date(t0).toISOString() });
    expect(ids((await inbox('?order=newest')).issues)).toEqual([c, b, a]);
    const first = await inbox('?limit=2');
    expect(ids(first.issues)).toEqual([a, b]);
    const second = await inbox(`?limit=2&cursor=${first.next}`);
    expect(ids(second.issues)).toEqual([c]);
    expect(second.next).toBeNull();
    // Leave the inbox empty for the next test.
    for (const id of [a, b, c]) await as(ana, 'POST', `/api/v1/issues/${id}/review`);
  });

  it('marks an issue reviewed on its own, which settles a new issue into ongoing; twice is a 409', async () => {
    const id = await newIssue(db(), dialect, { projectId: vigie.projectId });
    const reviewed = await as(ana, 'POST', `/api/v1/issues/${id}/review`);
    expect(reviewed.body).toMatchObject({ status: 'unresolved', substatus: 'ongoing', inbox: null });
    expect(ids((await inbox()).issues)).not.toContain(id);
    const twice = await as<{ error: { code: string } }>(ana, 'PATCH', `/api/v1/issues/${id}`, {
      reviewed: true,
    });
    expect(twice.status).toBe(409);
  });

  it('puts a resolved issue back in the inbox when it regresses, and takes it out when it is ignored', async () => {
    const id = await newIssue(db(), dialect, { projectId: vigie.projectId, timesSeen: 3 });
    await as(ana, 'POST', `/api/v1/issues/${id}/resolve`);
    expect(ids((await inbox()).issues)).not.toContain(id);
    const atMs = Date.now();
    const arrival = { issueId: id, projectId: vigie.projectId, created: false, release: 'shop@1.4.3' };
    await arrive(db(), dialect, [{ ...arrival, atMs, eventCount: 4, userCount: 1 }]);
    const [back] = (await inbox()).issues.filter((i) => i.id === id);
    expect(back).toMatchObject({ status: 'unresolved', substatus: 'regressed' });
    expect(back!.inbox).toEqual({ reason: 'regressed', since: new Date(atMs).toISOString() });
    await as(ana, 'PATCH', `/api/v1/issues/${id}`, { status: 'ignored' });
    expect(ids((await inbox()).issues)).not.toContain(id);
  });

  it('brings a snoozed issue back as unsnoozed; "mark reviewed" then only clears the inbox', async () => {
    const id = await newIssue(db(), dialect, { projectId: vigie.projectId, timesSeen: 40 });
    await as(ana, 'POST', `/api/v1/issues/${id}/snooze`, { snooze: { kind: 'events', count: 10 } });
    const arrival = { issueId: id, projectId: vigie.projectId, created: false, release: null };
    await arrive(db(), dialect, [{ ...arrival, atMs: Date.now(), eventCount: 50, userCount: 2 }]);
    const [back] = (await inbox()).issues.filter((i) => i.id === id);
    expect(back).toMatchObject({
      status: 'unresolved',
      substatus: 'ongoing',
      inbox: { reason: 'unsnoozed' },
    });
    const reviewed = await as(ana, 'POST', `/api/v1/issues/${id}/review`);
    expect(reviewed.body).toMatchObject({ status: 'unresolved', substatus: 'ongoing', inbox: null });
    const kinds = await db()
      .selectFrom('issue_activity')
      .select(['kind', 'reason', 'actor_user_id'])
      .where('issue_id', '=', id)
      .orderBy('id')
      .execute();
    expect(kinds).toEqual([
      { kind: 'created', reason: 'new', actor_user_id: null },
      { kind: 'status', reason: 'snooze', actor_user_id: ana.userId },
      { kind: 'status', reason: 'snooze_events_reached', actor_user_id: null },
      { kind: 'review', reason: null, actor_user_id: ana.userId },
    ]);
  });

  it('applies one action to many issues with a result for each: done, 409 with where it is, 404', async () => {
    const open = await newIssue(db(), dialect, { projectId: vigie.projectId });
    const done = await newIssue(db(), dialect, { projectId: vigie.projectId });
    await as(ana, 'POST', `/api/v1/issues/${done}/resolve`);
    const elsewhere = await insertIssue(db(), { projectId: otherProject });
    const answer = await as<{ results: BulkResult[] }>(
      ana,
      'POST',
      `/api/v1/projects/${vigie.projectId}/issues/bulk`,
      {
        ids: [open, done, elsewhere, 987654],
        action: { type: 'resolve', resolution: { kind: 'inRelease', release: 'shop@1.5.0' } },
      },
    );
    expect(answer.status).toBe(200);
    const [first, second, third, fourth] = answer.body.results;
    expect(first).toMatchObject({
      id: open,
      status: 200,
      issue: { id: open, status: 'resolved', inbox: null },
    });
    expect(second).toMatchObject({
      id: done,
      status: 409,
      error: { code: 'illegal_transition', details: { currentStatus: 'resolved' } },
    });
    expect(third).toMatchObject({ id: elsewhere, status: 404, error: { code: 'not_found' } });
    expect(fourth).toMatchObject({ id: 987654, status: 404 });
    const untouched = await db()
      .selectFrom('issues')
      .select('status')
      .where('id', '=', elsewhere)
      .executeTakeFirst();
    expect(untouched?.status).toBe('unresolved');
  });

  it('snoozes many issues, each against its own counts, and refuses a bad assignee or a past snooze date for all of them', async () => {
    const quiet = await newIssue(db(), dialect, { projectId: vigie.projectId, timesSeen: 12 });
    const noisy = await newIssue(db(), dialect, { projectId: vigie.projectId, timesSeen: 9000 });
    const bulk = (action: unknown) =>
      as<{ results: BulkResult[]; error?: { code: string; message: string } }>(
        ana,
        'POST',
        `/api/v1/projects/${vigie.projectId}/issues/bulk`,
        {
          ids: [quiet, noisy],
          action,
        },
      );
    const wrong = await bulk({ type: 'assign', assignee: 'user:nobody@shop.example' });
    expect(wrong.status).toBe(400);
    const past = await bulk({ type: 'snooze', snooze: { kind: 'until', until: '2020-01-06T09:00:00.000Z' } });
    expect(past.status).toBe(400);
    expect(past.body.error).toMatchObject({
      code: 'invalid_action',
      message: 'The snooze date must be in the future.',
    });
    const snoozed = await bulk({ type: 'snooze', snooze: { kind: 'events', count: 500 } });
    expect(snoozed.body.results.map((r) => r.issue?.snooze?.baseline.eventCount)).toEqual([12, 9000]);
    const viewer = await addMember(db(), 'vera@shop.example', 'viewer', vigie.projectId);
    const forbidden = await request(
      vigie,
      viewer.token,
      'POST',
      `/api/v1/projects/${vigie.projectId}/issues/bulk`,
      {
        ids: [quiet],
        action: { type: 'unresolve' },
      },
    );
    expect(forbidden.status).toBe(403);
  });
});
