// runLifecycleTick against real databases: snoozes that end by date or by escalation, ongoing issues that
// escalate on a spike, new issues that settle after 7 days; idempotent, and safe with two instances at once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/issues/activity.repository.ts';
import { runLifecycleTick } from '../src/issues/lifecycle/lifecycle-tick.ts';
import { transitionIssue } from '../src/issues/lifecycle/transition.ts';
import { createProject } from '../src/projects/project.repository.ts';
import type { Database } from '../src/storage/database.ts';
import { insertCounts } from './support/counts.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { DAY, HOUR, newIssue } from './triage-fixtures.ts';

describe.each(testDialects)('the lifecycle tick on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let projectId: number;
  const T0 = Date.UTC(2026, 10, 2, 9, 0);
  const db = () => database.db;
  const triager = { userId: null, tokenId: 7 };

  const stateOf = (id: number) =>
    db()
      .selectFrom('issues')
      .select(['status', 'substatus', 'inbox_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const reasons = async (id: number) =>
    (
      await db()
        .selectFrom('issue_activity')
        .select('reason')
        .where('issue_id', '=', id)
        .where('kind', '=', 'status')
        .orderBy('id')
        .execute()
    ).map((row) => row.reason);
  /** `count` events at the start of each hour from `fromMs` to `toMs` (exclusive), as the batch writer counts them. */
  const countEvents = async (issueId: number, fromMs: number, toMs: number, count: number) => {
    const rows = [];
    for (let hour = fromMs; hour < toMs; hour += HOUR)
      rows.push({ issue_id: issueId, minute: hour / 60_000, count });
    await insertCounts(db(), rows);
    const { last_seen } = await db()
      .selectFrom('issues')
      .select('last_seen')
      .where('id', '=', issueId)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('issues')
      .set({ last_seen: Math.max(last_seen, toMs - 60_000) })
      .where('id', '=', issueId)
      .execute();
  };
  /** An issue a triager looked at long ago: ongoing since `sinceMs`. */
  const ongoingSince = async (sinceMs: number) => {
    const id = await newIssue(db(), dialect, { projectId, atMs: sinceMs - HOUR, firstSeen: sinceMs - HOUR });
    await transitionIssue(db(), id, { type: 'review' }, triager, { nowMs: sinceMs });
    return id;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
    const project = await createProject(db(), 'Shop', T0 - 60 * DAY);
    projectId = project.id;
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('ends a snooze when its date passes, exactly once, even with two instances ticking at that moment', async () => {
    const id = await newIssue(db(), dialect, { projectId, atMs: T0 });
    const condition = { kind: 'until' as const, untilMs: T0 + DAY };
    const baseline = { eventCount: 1, userCount: 1, highestHourlyCount: 0 };
    await transitionIssue(db(), id, { type: 'snooze', condition, baseline }, triager, { nowMs: T0 + HOUR });
    await runLifecycleTick(db(), T0 + DAY - 60_000);
    expect((await stateOf(id)).status).toBe('snoozed');

    // Two instances on PostgreSQL: two pools. SQLite runs one instance, whose ticks may still overlap: two
    // ticks interleaved on one connection (the second's compare-and-set misses and finds nothing to do).
    const instances =
      dialect === 'postgres' ? [testDatabase.open(), testDatabase.open()] : [database, database];
    try {
      const reports = await Promise.all(instances.map((instance) => runLifecycleTick(instance.db, T0 + DAY)));
      expect(reports.map((r) => r.changed).sort()).toEqual([0, 1]);
      await runLifecycleTick(db(), T0 + DAY + 60_000);
    } finally {
      if (dialect === 'postgres') await Promise.all(instances.map((instance) => instance.close()));
    }
    expect(await stateOf(id)).toEqual({
      status: 'unresolved',
      substatus: 'ongoing',
      inbox_reason: 'unsnoozed',
    });
    expect(await reasons(id)).toEqual(['snooze', 'snooze_until_passed']);
  });

  it('settles a new issue into ongoing after 7 days, and leaves it in the inbox for the triager', async () => {
    const t = T0 + 20 * DAY;
    const id = await newIssue(db(), dialect, { projectId, atMs: t, firstSeen: t });
    await runLifecycleTick(db(), t + 7 * DAY - 1);
    expect((await stateOf(id)).substatus).toBe('new');
    await runLifecycleTick(db(), t + 7 * DAY);
    expect(await stateOf(id)).toEqual({ status: 'unresolved', substatus: 'ongoing', inbox_reason: 'new' });
    expect(await reasons(id)).toEqual(['aged_to_ongoing']);
  });

  it('escalates an ongoing issue whose hour goes over 10× its highest hour of the week before', async () => {
    const spikeHour = T0 + 40 * DAY;
    const steady = await ongoingSince(spikeHour - 20 * DAY);
    const busy = await ongoingSince(spikeHour - 20 * DAY);
    for (const id of [steady, busy]) {
      await countEvents(id, spikeHour - 7 * DAY, spikeHour, 4);
      // Two minutes of one hour add up: that hour, 6 events, is the week's highest.
      const minute = (spikeHour - 3 * DAY) / 60_000 + 17;
      await insertCounts(db(), [{ issue_id: id, minute, count: 2 }]);
    }
    await countEvents(steady, spikeHour, spikeHour + HOUR, 60); // 10× 6 is the limit: not over it
    await countEvents(busy, spikeHour, spikeHour + HOUR, 61);
    await runLifecycleTick(db(), spikeHour + 30 * 60_000);
    expect((await stateOf(steady)).substatus).toBe('ongoing');
    expect(await stateOf(busy)).toEqual({
      status: 'unresolved',
      substatus: 'escalating',
      inbox_reason: 'escalating',
    });
    const outbox = await db()
      .selectFrom('outbox')
      .select('topic')
      .where('issue_id', '=', busy)
      .orderBy('id')
      .execute();
    expect(outbox.at(-1)?.topic).toBe('issue.escalated');

    // Reviewed during the spike: the same spike does not put it straight back in the inbox.
    await transitionIssue(db(), busy, { type: 'review' }, triager, { nowMs: spikeHour + 35 * 60_000 });
    await runLifecycleTick(db(), spikeHour + 40 * 60_000);
    await runLifecycleTick(db(), spikeHour + HOUR + 10 * 60_000);
    expect(await stateOf(busy)).toEqual({ status: 'unresolved', substatus: 'ongoing', inbox_reason: null });
  });

  it('wakes an issue snoozed until it escalates, measured against its busiest hour before the snooze', async () => {
    const snoozedAt = T0 + 50 * DAY;
    const id = await ongoingSince(snoozedAt - 10 * DAY);
    await countEvents(id, snoozedAt - 2 * DAY, snoozedAt - 2 * DAY + HOUR, 12);
    const baseline = { eventCount: 12, userCount: 3, highestHourlyCount: 12 };
    const snooze = { type: 'snooze' as const, condition: { kind: 'escalating' as const }, baseline };
    await transitionIssue(db(), id, snooze, triager, { nowMs: snoozedAt });
    await countEvents(id, snoozedAt + 5 * HOUR, snoozedAt + 6 * HOUR, 120);
    await runLifecycleTick(db(), snoozedAt + 6 * HOUR);
    expect((await stateOf(id)).status).toBe('snoozed');
    await countEvents(id, snoozedAt + 6 * HOUR, snoozedAt + 7 * HOUR, 121);
    const report = await runLifecycleTick(db(), snoozedAt + 6 * HOUR + 20 * 60_000);
    expect(report.changed).toBeGreaterThanOrEqual(1);
    expect(await stateOf(id)).toEqual({
      status: 'unresolved',
      substatus: 'escalating',
      inbox_reason: 'escalating',
    });
    expect(await reasons(id)).toEqual(['review', 'snooze', 'snooze_escalated']);
    const actors = await db()
      .selectFrom('issue_activity')
      .select(['actor_user_id', 'actor_token_id'])
      .where('reason', '=', 'snooze_escalated')
      .where('issue_id', '=', id)
      .execute();
    expect(actors).toEqual([{ actor_user_id: SYSTEM.userId, actor_token_id: SYSTEM.tokenId }]);
  });
});
