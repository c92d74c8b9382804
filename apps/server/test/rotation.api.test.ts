// The triage rotation and the weekly report over HTTP: who is on duty as the weeks advance, who may be put in
// the rotation and who may change it, and a past week's triage read back from the activity log. Both databases.

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, recordActivity } from '../src/issues/activity.repository.ts';
import { createProject } from '../src/projects/project.repository.ts';
import { formatIsoWeek, weekOf, weekStartMs } from '../src/rotation/weeks.ts';
import type { Schema } from '../src/storage/schema.ts';
import { DAY, HOUR, insertIssue, insertTeam, insertUser, request, type SeededUser } from './search-data.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

type Db = Kysely<Schema>;

interface RotationView {
  users: Array<{ id: number; email: string }>;
  anchorWeek: string | null;
  currentWeek: string;
  onDuty: { email: string } | null;
  upcoming: Array<{ week: string; startsAt: string; user: { email: string } }>;
}
interface Report {
  week: string;
  startsAt: string;
  onDuty: { email: string } | null;
  dispatched: { issues: number; byOutcome: Record<string, number> };
  dispatchedIssues: Array<{ title: string; status: string; outcomes: string[] }>;
  leftInInbox: number;
  leftInInboxIssues: Array<{ title: string; inboxSince: string }>;
  inboxNow: number;
  waited: { issues: number; medianMs: number | null; p90Ms: number | null };
}

/**
 * A week of triage in the activity log, as the triage actions write it: who did what to which issue, and when
 * Vigie put issues back in the inbox. `S` is the week's Monday.
 */
async function playWeek(db: Db, projectId: number, S: number, people: { ana: SeededUser; bob: SeededUser }) {
  const { ana, bob } = people;
  const person = (user: SeededUser): Actor => ({ userId: user.id, tokenId: null });
  const byToken: Actor = { userId: null, tokenId: 1 };
  const vigieItself: Actor = { userId: null, tokenId: null };
  const act = (
    issueId: number,
    actor: Actor,
    kind: string,
    atMs: number,
    toStatus: string | null = null,
    reason: string | null = null,
    data: Record<string, unknown> = {},
  ) => recordActivity(db, { issueId, projectId, actor, kind, toStatus, reason, atMs, data });
  const issue = (title: string, firstSeen: number, inboxAt: number | null = null) =>
    insertIssue(db, projectId, {
      title,
      firstSeen,
      lastSeen: firstSeen + HOUR,
      status: 'unresolved',
      inboxAt,
    });

  // New two days before the week, resolved on Tuesday: waited 3 days.
  const a = await issue('TypeError: total is undefined', S - 2 * DAY);
  await act(a, person(ana), 'status', S + DAY, 'resolved');
  // Reviewed long ago, regressed on Monday noon, ignored a day later then assigned: waited 1 day.
  const b = await issue('Error: ECONNRESET talking to stripe', S - 10 * DAY);
  await act(b, person(ana), 'review', S - 8 * DAY);
  await act(b, vigieItself, 'status', S + 12 * HOUR, 'unresolved', 'regressed');
  await act(b, person(bob), 'status', S + 36 * HOUR, 'ignored');
  await act(b, person(bob), 'assign', S + 2 * DAY);
  // New on Tuesday, snoozed by a script two hours later (a comment is not a dispatch).
  const c = await issue('Warning: cache miss storm', S + DAY);
  await act(c, person(ana), 'comment', S + DAY + HOUR);
  await act(c, byToken, 'status', S + DAY + 2 * HOUR, 'snoozed');
  // Reviewed weeks ago and assigned this week without having been back in the inbox: no wait counted.
  const d = await issue('Error: invoice numbering gap', S - 30 * DAY);
  await act(d, person(ana), 'review', S - 20 * DAY);
  await act(d, person(ana), 'assign', S + 3 * DAY);
  // Resolved twice in the week: counted once; waited 2 days before the first.
  const e = await issue('RangeError: invalid array length', S - DAY);
  await act(e, person(ana), 'status', S + DAY, 'resolved');
  await act(e, vigieItself, 'status', S + 2 * DAY, 'unresolved', 'regressed');
  await act(e, person(bob), 'status', S + 4 * DAY, 'resolved');
  // Merged into d on Friday: the merged issue counts as dispatched, the target does not (again).
  const f = await issue('Error: invoice numbering gap (worker)', S + 2 * DAY);
  await act(d, person(bob), 'merge', S + 4 * DAY, null, null, { sourceIssueIds: [f] });
  await act(f, person(bob), 'merge', S + 4 * DAY, null, null, { targetIssueId: d });
  // Entered the inbox on Saturday and still waiting; one that came in after the week does not count.
  await issue('SyntaxError: Unexpected token < in JSON', S + 5 * DAY, S + 5 * DAY);
  await issue('Error: socket hang up', Date.now() - HOUR, Date.now() - HOUR);
  // Only Vigie acted on this one.
  const h = await issue('TypeError: fetch failed', S - DAY);
  await act(h, vigieItself, 'status', S + DAY, 'unresolved', 'regressed');
}

describe.each(testDialects)('triage rotation and weekly report on %s', (dialect) => {
  let vigie: RunningVigie;
  let ana: SeededUser;
  let bob: SeededUser;
  let carla: SeededUser;
  let sam: SeededUser;
  let outsider: SeededUser;
  const thisWeek = weekOf(Date.now());

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const db = vigie.app.vigie.database.db;
    const p = vigie.projectId;
    ana = await insertUser(db, 'ana@shop.example', [[p, 'member']]);
    bob = await insertUser(db, 'bob@shop.example', [[p, 'admin']]);
    carla = await insertUser(db, 'carla@shop.example', []);
    await db
      .insertInto('project_members')
      .values({
        project_id: p,
        user_id: null,
        team_id: await insertTeam(db, 'web', [carla.id]),
        role: 'member',
        created_at: Date.now(),
      })
      .execute();
    sam = await insertUser(db, 'sam@shop.example', [[p, 'support']]);
    outsider = await insertUser(db, 'olga@backoffice.example', [
      [(await createProject(db, 'backoffice')).id, 'owner'],
    ]);
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const rotationPath = () => `/api/v1/projects/${vigie.projectId}/rotation`;
  const put = (body: unknown, token = vigie.token) =>
    request<RotationView & { error: { code: string; message: string } }>(
      vigie,
      token,
      'PUT',
      rotationPath(),
      body,
    );
  const get = (token = vigie.token) => request<RotationView>(vigie, token, 'GET', rotationPath());

  it('has nobody on duty before a rotation is set', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ users: [], anchorWeek: null, onDuty: null, upcoming: [] });
    expect(body.currentWeek).toBe(formatIsoWeek(thisWeek));
  });

  it('puts the first person on duty this week and advances one person every Monday', async () => {
    const { status, body } = await put({ userIds: [ana.id, bob.id, carla.id] });
    expect(status).toBe(200);
    expect(body.onDuty?.email).toBe('ana@shop.example');
    expect(body.upcoming.map((u) => [u.week, u.user.email])).toEqual([
      [formatIsoWeek(thisWeek), 'ana@shop.example'],
      [formatIsoWeek(thisWeek + 1), 'bob@shop.example'],
      [formatIsoWeek(thisWeek + 2), 'carla@shop.example'],
    ]);
    expect(body.upcoming[1]?.startsAt).toBe(new Date(weekStartMs(thisWeek + 1)).toISOString());
    expect(new Date(body.upcoming[1]?.startsAt ?? '').getUTCDay()).toBe(1);
    // Started two weeks ago, the rotation has come round to carla.
    const started = await put({
      userIds: [ana.id, bob.id, carla.id],
      startWeek: formatIsoWeek(thisWeek - 2),
    });
    expect(started.body.onDuty?.email).toBe('carla@shop.example');
    expect((await get(sam.token)).body.onDuty?.email).toBe('carla@shop.example');
  });

  it('accepts only people allowed to triage the project', async () => {
    const refused = await put({ userIds: [ana.id, sam.id, outsider.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('not_a_triager');
    expect(refused.body.error.message).toContain(`Users ${sam.id}, ${outsider.id} may not triage`);
    expect((await put({ userIds: [ana.id, ana.id] })).status).toBe(400);
    expect((await put({ userIds: [ana.id], startWeek: '2026-W60' })).body.error.code).toBe('invalid_week');
  });

  it('lets only managers change the rotation, and hides it from other projects', async () => {
    expect((await put({ userIds: [ana.id] }, ana.token)).status).toBe(403);
    expect((await put({ userIds: [ana.id] }, sam.token)).status).toBe(403);
    expect((await put({ userIds: [bob.id, ana.id] }, bob.token)).status).toBe(200);
    expect((await get(outsider.token)).status).toBe(404);
  });

  it("reports a past week's triage: outcomes once per issue, waits, what is left and who was on duty", async () => {
    const p = vigie.projectId;
    const week = thisWeek - 2;
    const S = weekStartMs(week);
    await put({ userIds: [carla.id, ana.id], startWeek: formatIsoWeek(week) });
    await playWeek(vigie.app.vigie.database.db, p, S, { ana, bob });

    const { status, body } = await request<Report>(
      vigie,
      sam.token,
      'GET',
      `/api/v1/projects/${p}/triage-report?week=${formatIsoWeek(week)}`,
    );
    expect(status).toBe(200);
    expect(body.week).toBe(formatIsoWeek(week));
    expect(body.startsAt).toBe(new Date(S).toISOString());
    expect(body.onDuty?.email).toBe('carla@shop.example');
    expect(body.dispatched).toEqual({
      issues: 6,
      byOutcome: {
        resolved: 2,
        ignored: 1,
        snoozed: 1,
        assigned: 2,
        linked: 0,
        github: 0,
        merged: 1,
        reviewed: 0,
      },
    });
    expect(body.waited).toEqual({ issues: 5, medianMs: 2 * DAY, p90Ms: 3 * DAY });
    expect(body.leftInInbox).toBe(1);
    // Each issue once, the most recently dispatched first, with what it was dispatched to and its status now.
    expect(body.dispatchedIssues.map((i) => [i.title, i.outcomes])).toEqual([
      ['Error: invoice numbering gap (worker)', ['merged']],
      ['RangeError: invalid array length', ['resolved']],
      ['Error: invoice numbering gap', ['assigned']],
      ['Error: ECONNRESET talking to stripe', ['ignored', 'assigned']],
      ['Warning: cache miss storm', ['snoozed']],
      ['TypeError: total is undefined', ['resolved']],
    ]);
    expect(body.leftInInboxIssues.map((i) => [i.title, i.inboxSince])).toEqual([
      ['SyntaxError: Unexpected token < in JSON', new Date(S + 5 * DAY).toISOString()],
    ]);
    // The inbox now holds the one left from that week and the one that came in since.
    expect(body.inboxNow).toBe(2);
  });

  it('lists who may be put in the rotation to managers: triagers by role, team or as administrators', async () => {
    const path = `/api/v1/projects/${vigie.projectId}/rotation/candidates`;
    const { status, body } = await request<{ users: Array<{ email: string }> }>(
      vigie,
      bob.token,
      'GET',
      path,
    );
    expect(status).toBe(200);
    const emails = body.users.map((u) => u.email);
    expect(emails).toEqual(
      expect.arrayContaining(['ana@shop.example', 'bob@shop.example', 'carla@shop.example']),
    );
    expect(emails).not.toContain('sam@shop.example');
    expect(emails).not.toContain('olga@backoffice.example');
    expect((await request(vigie, ana.token, 'GET', path)).status).toBe(403);
    expect((await request(vigie, outsider.token, 'GET', path)).status).toBe(404);
  });

  it('defaults to the last complete week and refuses weeks that have not started', async () => {
    const path = `/api/v1/projects/${vigie.projectId}/triage-report`;
    const last = await request<Report>(vigie, vigie.token, 'GET', path);
    expect(last.body.week).toBe(formatIsoWeek(thisWeek - 1));
    expect(last.body.onDuty?.email).toBe('ana@shop.example');
    const future = await request<{ error: { code: string } }>(
      vigie,
      vigie.token,
      'GET',
      `${path}?week=${formatIsoWeek(thisWeek + 1)}`,
    );
    expect(future.body.error.code).toBe('week_in_future');
    expect((await request(vigie, outsider.token, 'GET', path)).status).toBe(404);
  });
});
