// applyEventArrivals against real databases, as the ingest batch writer calls it: new issues enter the inbox,
// resolved issues regress only for events from the fixed release or newer, snoozes end when their conditions
// are met, and a batch that changes nothing costs one query.

import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEventArrivals, type EventArrival } from '../src/issues/lifecycle/event-arrivals.ts';
import type { Resolution, SnoozeCondition } from '../src/issues/lifecycle/lifecycle.ts';
import { transitionIssue } from '../src/issues/lifecycle/transition.ts';
import { createProject } from '../src/projects/project.repository.ts';
import type { Database } from '../src/storage/database.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './support/databases.ts';
import { arrive, DAY, HOUR, insertIssue, insertRelease } from './triage-fixtures.ts';

class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

describe.each(testDialects)('event arrivals on %s', (dialect) => {
  let testDatabase: TestDatabase;
  let database: Database;
  let projectId: number;
  const T0 = Date.UTC(2026, 10, 2, 9, 0);
  const db = () => database.db;
  const triager = { userId: null, tokenId: 1 };

  const statusOf = (id: number) =>
    db()
      .selectFrom('issues')
      .select(['status', 'substatus', 'inbox_reason', 'inbox_at', 'lifecycle_version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const eventFor = (issueId: number, e: Partial<EventArrival> = {}): EventArrival => ({
    issueId,
    projectId,
    created: false,
    release: null,
    atMs: T0 + DAY,
    eventCount: 101,
    userCount: 10,
    ...e,
  });
  const resolved = async (resolution: Resolution) => {
    const id = await insertIssue(db(), {
      projectId,
      firstSeen: T0 - 10 * DAY,
      timesSeen: 100,
      usersSeen: 10,
    });
    await transitionIssue(db(), id, { type: 'resolve', resolution }, triager, { nowMs: T0 });
    return id;
  };
  const snoozed = async (condition: SnoozeCondition) => {
    const id = await insertIssue(db(), {
      projectId,
      firstSeen: T0 - 10 * DAY,
      timesSeen: 1000,
      usersSeen: 40,
    });
    const baseline = { eventCount: 1000, userCount: 40, highestHourlyCount: 12 };
    await transitionIssue(db(), id, { type: 'snooze', condition, baseline }, triager, { nowMs: T0 });
    return id;
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase(dialect);
    database = testDatabase.open();
    const project = await createProject(db(), 'Shop', T0 - 30 * DAY);
    projectId = project.id;
    // The order these were first seen in is not their semver order: 1.2.9 is a hotfix shipped after 1.3.0.
    await insertRelease(db(), projectId, '1.2.8', T0 - 20 * DAY);
    await insertRelease(db(), projectId, '1.3.0', T0 - 5 * DAY);
    await insertRelease(db(), projectId, '1.2.9', T0 - 4 * DAY);
    await insertRelease(db(), projectId, '1.3.1', T0 - 3 * DAY);
    await insertRelease(db(), projectId, 'a81d7e0', T0 - 9 * DAY);
    await insertRelease(db(), projectId, '3f9c2ab', T0 - 2 * DAY);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it('puts a new issue in the inbox, with a created activity row and an issue.created message', async () => {
    const id = await insertIssue(db(), { projectId, firstSeen: T0 });
    await arrive(db(), dialect, [eventFor(id, { created: true, release: '1.3.1', atMs: T0, eventCount: 1 })]);
    expect(await statusOf(id)).toMatchObject({
      status: 'unresolved',
      substatus: 'new',
      inbox_reason: 'new',
      inbox_at: T0,
    });
    const activity = await db().selectFrom('issue_activity').selectAll().where('issue_id', '=', id).execute();
    expect(activity).toMatchObject([
      { kind: 'created', from_status: null, to_status: 'unresolved', actor_user_id: null },
    ]);
    const outbox = await db().selectFrom('outbox').selectAll().where('issue_id', '=', id).execute();
    expect(outbox.map((o) => [o.topic, JSON.parse(o.payload).release])).toEqual([['issue.created', '1.3.1']]);
  });

  it('keeps an issue resolved in 1.3.0 resolved for an event from 1.2.9, and reopens it for 1.3.0', async () => {
    const id = await resolved({ kind: 'inRelease', release: '1.3.0' });
    await arrive(db(), dialect, [eventFor(id, { release: '1.2.9' })]);
    expect(await statusOf(id)).toMatchObject({ status: 'resolved', inbox_reason: null });
    await arrive(db(), dialect, [eventFor(id, { release: '1.3.0', atMs: T0 + 2 * DAY })]);
    expect(await statusOf(id)).toMatchObject({
      status: 'unresolved',
      substatus: 'regressed',
      inbox_reason: 'regressed',
      inbox_at: T0 + 2 * DAY,
    });
    const last = await db()
      .selectFrom('issue_activity')
      .selectAll()
      .where('issue_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      kind: 'status',
      from_status: 'resolved',
      to_status: 'unresolved',
      reason: 'regressed',
      actor_user_id: null,
      actor_token_id: null,
    });
    expect(JSON.parse(last.data).detail).toBe('event from 1.3.0, fixed in 1.3.0');
    const topics = await db()
      .selectFrom('outbox')
      .select('topic')
      .where('issue_id', '=', id)
      .orderBy('id')
      .execute();
    expect(topics.map((t) => t.topic)).toEqual(['issue.status_changed', 'issue.regressed']);
  });

  it('orders releases that are not semver by when they were first seen', async () => {
    const id = await resolved({ kind: 'inRelease', release: '3f9c2ab' });
    await arrive(db(), dialect, [eventFor(id, { release: 'a81d7e0' })]);
    expect((await statusOf(id)).status).toBe('resolved');
    const unseen = await resolved({ kind: 'inRelease', release: 'f00dbab' });
    await arrive(db(), dialect, [eventFor(unseen, { release: '3f9c2ab' })]);
    expect((await statusOf(unseen)).status).toBe('resolved');
    await arrive(db(), dialect, [eventFor(id, { release: '3f9c2ab' })]);
    expect((await statusOf(id)).substatus).toBe('regressed');
  });

  it('reopens an issue resolved "in the next release" only for a release newer than the one it was resolved after', async () => {
    const id = await resolved({ kind: 'inNextRelease', afterRelease: '1.3.0' });
    await arrive(db(), dialect, [eventFor(id, { release: '1.3.0' })]);
    expect((await statusOf(id)).status).toBe('resolved');
    await arrive(db(), dialect, [eventFor(id, { release: '1.3.1' })]);
    expect((await statusOf(id)).substatus).toBe('regressed');
    const now = await resolved({ kind: 'now' });
    await arrive(db(), dialect, [eventFor(now, { release: null })]);
    expect((await statusOf(now)).substatus).toBe('regressed');
  });

  it('ends a snooze for 100 more events at the 100th, not before', async () => {
    const id = await snoozed({ kind: 'events', count: 100 });
    await arrive(db(), dialect, [eventFor(id, { eventCount: 1099 })]);
    expect((await statusOf(id)).status).toBe('snoozed');
    await arrive(db(), dialect, [eventFor(id, { eventCount: 1100 })]);
    expect(await statusOf(id)).toMatchObject({
      status: 'unresolved',
      substatus: 'ongoing',
      inbox_reason: 'unsnoozed',
    });
  });

  it('ends a snooze for 5 more users, and one until a date when an event arrives after it', async () => {
    const users = await snoozed({ kind: 'users', count: 5 });
    const until = await snoozed({ kind: 'until', untilMs: T0 + 3 * DAY });
    await arrive(db(), dialect, [
      eventFor(users, { eventCount: 5000, userCount: 44 }),
      eventFor(until, { atMs: T0 + 3 * DAY - HOUR }),
    ]);
    expect((await statusOf(users)).status).toBe('snoozed');
    expect((await statusOf(until)).status).toBe('snoozed');
    await arrive(db(), dialect, [
      eventFor(users, { userCount: 45 }),
      eventFor(until, { atMs: T0 + 3 * DAY }),
    ]);
    expect(await statusOf(users)).toMatchObject({ status: 'unresolved', inbox_reason: 'unsnoozed' });
    expect(await statusOf(until)).toMatchObject({ status: 'unresolved', inbox_reason: 'unsnoozed' });
  });

  it('costs one query and writes nothing for a batch of unresolved and ignored issues', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await insertIssue(db(), { projectId, firstSeen: T0 }));
    await transitionIssue(db(), ids[0]!, { type: 'ignore' }, triager, { nowMs: T0 });
    const before = await Promise.all(ids.map(statusOf));
    const activityBefore = await db()
      .selectFrom('issue_activity')
      .select(db().fn.countAll().as('n'))
      .executeTakeFirst();
    const counter = new QueryCounter();
    await db()
      .withPlugin(counter)
      .transaction()
      .execute((trx) =>
        applyEventArrivals(
          trx,
          dialect,
          ids.map((id) => eventFor(id, { release: '1.3.1' })),
        ),
      );
    expect(counter.count).toBe(1);
    expect(await Promise.all(ids.map(statusOf))).toEqual(before);
    const activityAfter = await db()
      .selectFrom('issue_activity')
      .select(db().fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(activityAfter?.n)).toBe(Number(activityBefore?.n));
  });

  it('changes many issues of one batch in one go, each as its own conditions say', async () => {
    const regress = await resolved({ kind: 'now' });
    const stay = await resolved({ kind: 'inRelease', release: '1.3.1' });
    const wake = await snoozed({ kind: 'events', count: 1 });
    const plain = await insertIssue(db(), { projectId, firstSeen: T0 });
    await arrive(db(), dialect, [
      eventFor(regress, { release: '1.2.8' }),
      eventFor(stay, { release: '1.3.0' }),
      eventFor(wake, { eventCount: 1001 }),
      eventFor(plain),
    ]);
    expect(
      (await Promise.all([regress, stay, wake, plain].map(statusOf))).map((s) => s.substatus ?? s.status),
    ).toEqual(['regressed', 'resolved', 'ongoing', 'new']);
  });
});
