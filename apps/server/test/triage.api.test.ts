// The triage actions as a triager uses them through the API: each action with the activity it leaves,
// 409s that say where the issue is now, assignment, links and comments, and who may do what.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { addMember, HOUR, insertRelease, type Member, newIssue, request } from './triage-fixtures.ts';

interface IssueBody {
  id: number;
  status: string;
  substatus: string | null;
  resolution: { kind: string; release?: string; afterRelease?: string | null } | null;
  snooze: { kind: string; count?: number; until?: string; baseline: { eventCount: number } } | null;
  assignee: { type: string; id: number; name: string; email: string | null; slug: string | null } | null;
  inbox: { reason: string; since: string } | null;
  reviewedAt: string | null;
  externalIssue: { url: string; number: number | null } | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Activity {
  kind: string;
  actor: { type: string; email: string | null };
  from: { status: string; substatus: string | null } | null;
  to: { status: string; substatus: string | null } | null;
  reason: string | null;
  data: Record<string, unknown>;
}

describe.each(testDialects)('triage actions through the API on %s', (dialect) => {
  let vigie: RunningVigie;
  let ana: Member;
  const db = () => vigie.app.vigie.database.db;
  const as = <T = IssueBody>(who: Member, method: string, path: string, body?: unknown) =>
    request<T>(vigie, who.token, method, path, body);
  const issue = (seed: { timesSeen?: number; title?: string } = {}) =>
    newIssue(db(), dialect, { projectId: vigie.projectId, ...seed });
  const activityOf = async (id: number) =>
    (await as<{ activity: Activity[] }>(ana, 'GET', `/api/v1/issues/${id}/activity`)).body.activity;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    ana = await addMember(db(), 'ana@shop.example', 'member', vigie.projectId);
  });
  afterAll(async () => vigie?.stop());

  it('resolves, ignores, snoozes and unresolves an issue, each change in the activity log with who and why', async () => {
    const id = await issue({ timesSeen: 1240 });
    const resolved = await as(ana, 'PATCH', `/api/v1/issues/${id}`, {
      status: 'resolved',
      resolution: { kind: 'inRelease', release: 'shop@1.5.0' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      substatus: null,
      resolution: { kind: 'inRelease', release: 'shop@1.5.0' },
      inbox: null,
    });
    expect(resolved.body.reviewedAt).not.toBeNull();

    expect((await as(ana, 'PATCH', `/api/v1/issues/${id}`, { status: 'ignored' })).body.status).toBe(
      'ignored',
    );
    const snoozed = await as(ana, 'PATCH', `/api/v1/issues/${id}`, {
      status: 'snoozed',
      snooze: { kind: 'events', count: 100 },
    });
    expect(snoozed.body.snooze).toEqual({
      kind: 'events',
      count: 100,
      baseline: { eventCount: 1240, userCount: 1, highestHourlyCount: 0 },
    });
    const back = await as(ana, 'PATCH', `/api/v1/issues/${id}`, { status: 'unresolved' });
    expect(back.body).toMatchObject({ status: 'unresolved', substatus: 'ongoing', snooze: null });

    const log = await activityOf(id);
    expect(log.map((a) => [a.kind, a.from?.status ?? null, a.to?.status, a.reason])).toEqual([
      ['created', null, 'unresolved', 'new'],
      ['status', 'unresolved', 'resolved', 'resolve'],
      ['status', 'resolved', 'ignored', 'ignore'],
      ['status', 'ignored', 'snoozed', 'snooze'],
      ['status', 'snoozed', 'unresolved', 'unresolve'],
    ]);
    expect(log[1]!.actor).toEqual({
      type: 'user',
      userId: ana.userId,
      email: ana.email,
      tokenId: expect.any(Number),
    });
    expect(log[1]!.data.detail).toBe('resolved in shop@1.5.0');
    expect(log[4]!.to).toEqual({ status: 'unresolved', substatus: 'ongoing' });
  });

  it('answers 409 with the current status when the action is no longer possible', async () => {
    const id = await issue();
    expect((await as(ana, 'POST', `/api/v1/issues/${id}/resolve`)).status).toBe(200);
    const again = await as<ErrorBody>(ana, 'POST', `/api/v1/issues/${id}/resolve`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'illegal_transition',
      details: { currentStatus: 'resolved', currentSubstatus: null },
    });
    expect(again.body.error.message).toMatch(/cannot resolve an issue that is resolved/);
    await as(ana, 'POST', `/api/v1/issues/${id}/unresolve`);
    const unresolveTwice = await as<ErrorBody>(ana, 'PATCH', `/api/v1/issues/${id}`, {
      status: 'unresolved',
    });
    expect(unresolveTwice.status).toBe(409);
    // Who made the change that stands in the way, and when: the dashboard says so when it rolls back.
    expect(unresolveTwice.body.error.details).toEqual({
      currentStatus: 'unresolved',
      currentSubstatus: 'ongoing',
      changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      changedBy: { type: 'user', email: ana.email },
    });
    expect((await activityOf(id)).filter((a) => a.kind === 'status')).toHaveLength(2);
  });

  it('snoozes through the verb route until a date, and refuses a date in the past', async () => {
    const id = await issue();
    const until = new Date(Date.now() + 7 * 24 * HOUR).toISOString();
    const snoozed = await as(ana, 'POST', `/api/v1/issues/${id}/snooze`, {
      snooze: { kind: 'until', until },
    });
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snooze: { kind: 'until', until } });
    const other = await issue();
    const past = await as<ErrorBody>(ana, 'POST', `/api/v1/issues/${other}/snooze`, {
      snooze: { kind: 'until', until: '2020-01-06T09:00:00.000Z' },
    });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('invalid_action');
    const missing = await as<ErrorBody>(ana, 'PATCH', `/api/v1/issues/${other}`, { status: 'snoozed' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/needs a "snooze" condition/);
  });

  it('resolves "in the next release" after the newest release by semver, not by arrival', async () => {
    const t = Date.now() - 30 * 24 * HOUR;
    await insertRelease(db(), vigie.projectId, 'shop@1.9.0', t);
    await insertRelease(db(), vigie.projectId, 'shop@1.10.0', t + HOUR);
    await insertRelease(db(), vigie.projectId, 'shop@1.9.1', t + 2 * HOUR); // a hotfix of the older line
    const id = await issue();
    const answer = await as(ana, 'PATCH', `/api/v1/issues/${id}`, {
      status: 'resolved',
      resolution: { kind: 'inNextRelease' },
    });
    expect(answer.body.resolution).toEqual({ kind: 'inNextRelease', afterRelease: 'shop@1.10.0' });
  });

  it('assigns to a project member or a team with access, refuses outsiders, and unassigns', async () => {
    const id = await issue();
    const bruno = await addMember(db(), 'bruno@shop.example', 'viewer', vigie.projectId);
    await addMember(db(), 'carla@elsewhere.example', null, vigie.projectId);
    const toBruno = await as(ana, 'PATCH', `/api/v1/issues/${id}`, { assignee: `user:${bruno.email}` });
    expect(toBruno.body.assignee).toEqual({
      type: 'user',
      id: bruno.userId,
      name: 'bruno',
      email: bruno.email,
      slug: null,
    });
    expect(toBruno.body.inbox).toBeNull();
    const outsider = await as<ErrorBody>(ana, 'POST', `/api/v1/issues/${id}/assign`, {
      assignee: 'user:carla@elsewhere.example',
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.code).toBe('invalid_assignee');

    const team = await db()
      .insertInto('teams')
      .values({ slug: 'backend', name: 'Backend', created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const noAccess = await as<ErrorBody>(ana, 'PATCH', `/api/v1/issues/${id}`, { assignee: 'team:backend' });
    expect(noAccess.body.error.message).toMatch(/no access to this project/);
    await db()
      .insertInto('project_members')
      .values({ project_id: vigie.projectId, user_id: null, team_id: team.id, role: 'member', created_at: 1 })
      .execute();
    const toTeam = await as(ana, 'PATCH', `/api/v1/issues/${id}`, { assignee: 'team:backend' });
    expect(toTeam.body.assignee).toMatchObject({
      type: 'team',
      id: team.id,
      slug: 'backend',
      name: 'Backend',
    });
    const mine = await as(ana, 'PATCH', `/api/v1/issues/${id}`, { assignee: 'me' });
    expect(mine.body.assignee).toMatchObject({ type: 'user', id: ana.userId });
    const none = await as(ana, 'PATCH', `/api/v1/issues/${id}`, { assignee: null });
    expect(none.body.assignee).toBeNull();

    const log = (await activityOf(id)).filter((a) => a.kind !== 'created');
    expect(log.map((a) => [a.kind, a.data.assignee])).toEqual([
      ['assign', `user:${bruno.userId}`],
      ['assign', `team:${team.id}`],
      ['assign', `user:${ana.userId}`],
      ['unassign', null],
    ]);
    const outbox = await db().selectFrom('outbox').select('topic').where('issue_id', '=', id).execute();
    expect(outbox.map((o) => o.topic)).toEqual([
      'issue.created',
      'issue.assigned',
      'issue.assigned',
      'issue.assigned',
      'issue.unassigned',
    ]);
  });

  it('links an external issue by URL, keeping a GitHub issue number, and unlinks it', async () => {
    const id = await issue();
    const url = 'https://github.com/acme/shop/issues/482';
    const linked = await as(ana, 'POST', `/api/v1/issues/${id}/link`, { url });
    expect(linked.body.externalIssue).toEqual({ url, number: 482 });
    expect(linked.body.inbox).toBeNull();
    const notUrl = await as<ErrorBody>(ana, 'POST', `/api/v1/issues/${id}/link`, {
      url: 'javascript:alert(1)',
    });
    expect(notUrl.status).toBe(400);
    const unlinked = await as(ana, 'DELETE', `/api/v1/issues/${id}/link`);
    expect(unlinked.body.externalIssue).toBeNull();
    expect((await activityOf(id)).map((a) => a.kind)).toEqual(['created', 'link', 'unlink']);
  });

  it('records comments in the activity log, between the status changes', async () => {
    const id = await issue();
    await as(ana, 'POST', `/api/v1/issues/${id}/ignore`);
    const comment = await as<Activity>(ana, 'POST', `/api/v1/issues/${id}/comments`, {
      text: 'Bot traffic from the load test, nothing to fix.',
    });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({
      kind: 'comment',
      actor: { type: 'user', email: ana.email },
      data: { text: 'Bot traffic from the load test, nothing to fix.' },
    });
    const log = await activityOf(id);
    expect(log.map((a) => a.kind)).toEqual(['created', 'status', 'comment']);
    const page = await as<{ activity: Activity[]; next: string | null }>(
      ana,
      'GET',
      `/api/v1/issues/${id}/activity?limit=2`,
    );
    expect(page.body.activity).toHaveLength(2);
    const rest = await as<{ activity: Activity[]; next: string | null }>(
      ana,
      'GET',
      `/api/v1/issues/${id}/activity?limit=2&cursor=${page.body.next}`,
    );
    expect(rest.body.activity.map((a) => a.kind)).toEqual(['comment']);
    expect(rest.body.next).toBeNull();
  });

  it('lets a viewer read but not triage, and hides the issue from non-members', async () => {
    const id = await issue();
    const viewer = await addMember(db(), 'vera@shop.example', 'viewer', vigie.projectId);
    const support = await addMember(db(), 'sam@shop.example', 'support', vigie.projectId);
    const outsider = await addMember(db(), 'olga@other.example', null, vigie.projectId);
    expect((await as(viewer, 'GET', `/api/v1/issues/${id}/activity`)).status).toBe(200);
    expect((await as(viewer, 'GET', `/api/v1/projects/${vigie.projectId}/inbox`)).status).toBe(200);
    const forbidden = await as<ErrorBody>(viewer, 'PATCH', `/api/v1/issues/${id}`, { status: 'resolved' });
    expect(forbidden.status).toBe(403);
    expect((await as(support, 'POST', `/api/v1/issues/${id}/comments`, { text: 'hi' })).status).toBe(403);
    const hidden = await as<ErrorBody>(outsider, 'PATCH', `/api/v1/issues/${id}`, { status: 'resolved' });
    expect(hidden.status).toBe(404);
    const missing = await as<ErrorBody>(outsider, 'PATCH', '/api/v1/issues/999999999', {
      status: 'resolved',
    });
    expect(hidden.body.error.message).toBe(missing.body.error.message.replace('999999999', String(id)));
    expect(hidden.body.error.message).toBe(`Issue ${id} does not exist, or you do not have access to it.`);
    expect((await as(outsider, 'GET', `/api/v1/issues/${id}/activity`)).status).toBe(404);
    const readToken = await addMember(db(), 'rita@shop.example', 'member', vigie.projectId, ['read']);
    expect((await as(readToken, 'POST', `/api/v1/issues/${id}/ignore`)).status).toBe(403);
    const after = await db()
      .selectFrom('issues')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('unresolved');
  });
});
