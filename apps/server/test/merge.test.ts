// Merge and unmerge through the API, and the routing ingest asks for: future events of merged
// fingerprints land in the target. Real events sent by DSN, on SQLite and PostgreSQL.

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActivity } from '../src/issues/activity.repository.ts';
import { fingerprintKey, routeFingerprints } from '../src/issues/merge/fingerprint-routing.repository.ts';
import { lockIssues } from '../src/issues/merge/merge.repository.ts';
import { createKey, createProject } from '../src/projects/project.repository.ts';
import type { Issue } from '../src/storage/schema.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

const T0 = Date.UTC(2026, 10, 18, 14, 0);
const MIN = 60_000;

describe.each(testDialects)('merge and unmerge on %s', (dialect) => {
  let vigie: RunningVigie;
  let checkout: Issue; // 3 events, users u-1 u-2, release 1.4.2
  let coupon: Issue; // 2 events, users u-2 u-3, release 1.4.3, one in the same minute as checkout's first
  let payment: Issue; // 2 events, user u-4, a day earlier
  let elsewhere: Issue; // in another project

  const { db, call, send, issueNamed, reload } = issueKit(() => vigie);
  const countsOf = async (issue: Issue) => {
    const rows = await db().selectFrom('issue_counts').selectAll().where('issue_id', '=', issue.id).execute();
    return rows.reduce((n, r) => n + Number(r.count), 0);
  };
  const sessionsBlockedBy = async (pid: number) => {
    const blocked = await sql<{ pid: number }>`
      select pid from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`.execute(db());
    return blocked.rows.length;
  };
  const route = (fingerprints: string[], projectId = vigie.projectId) =>
    db()
      .transaction()
      .execute((trx) =>
        routeFingerprints(
          trx,
          fingerprints.map((fingerprint) => ({ projectId, fingerprint })),
        ),
      );

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const key = new URL(vigie.dsn).username;
    const bug = (fn: string, value: string) => ({ fn, file: `/srv/shop/routes/${fn}.js`, value });
    await send(vigie.projectId, key, [
      errorEvent({
        ...bug('checkout', 'order.customer is undefined'),
        userId: 'u-1',
        release: 'shop@1.4.2',
        timestamp: T0,
      }),
      errorEvent({
        ...bug('checkout', 'order.customer is undefined'),
        userId: 'u-2',
        release: 'shop@1.4.2',
        timestamp: T0 + MIN,
      }),
      errorEvent({
        ...bug('checkout', 'order.customer is undefined'),
        userId: 'u-1',
        release: 'shop@1.4.2',
        timestamp: T0 + 120 * MIN,
      }),
      errorEvent({
        ...bug('applyCoupon', 'coupon.rules is undefined'),
        userId: 'u-2',
        release: 'shop@1.4.3',
        timestamp: T0 + 10_000,
      }),
      errorEvent({
        ...bug('applyCoupon', 'coupon.rules is undefined'),
        userId: 'u-3',
        release: 'shop@1.4.3',
        timestamp: T0 + 30 * MIN,
      }),
      errorEvent({
        ...bug('chargeCard', 'card.token is undefined'),
        userId: 'u-4',
        release: 'shop@1.4.1',
        timestamp: T0 - 1440 * MIN,
      }),
      errorEvent({
        ...bug('chargeCard', 'card.token is undefined'),
        userId: 'u-4',
        release: 'shop@1.4.1',
        timestamp: T0 - 1439 * MIN,
      }),
    ]);
    const other = await createProject(db(), 'Admin panel');
    const otherKey = await createKey(db(), other.id);
    await send(other.id, otherKey.public_key, [errorEvent(bug('listUsers', 'users is not iterable'))]);
    checkout = await issueNamed('order.customer');
    coupon = await issueNamed('coupon.rules');
    payment = await issueNamed('card.token');
    elsewhere = await issueNamed('users is not iterable');
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('merges issues into one: their events, counts, tags and users move to the target', async () => {
    const merged = await call('POST', `/api/v1/issues/${checkout.id}/merge`, {
      issueIds: [coupon.id, payment.id],
    });
    expect(merged.status).toBe(200);
    expect(merged.body.movedEvents).toBe(4);
    expect(merged.body.issue).toMatchObject({
      id: checkout.id,
      title: checkout.title,
      count: 7,
      userCount: 4,
      firstSeen: new Date(T0 - 1440 * MIN).toISOString(),
      lastSeen: new Date(T0 + 120 * MIN).toISOString(),
    });

    const events = await vigie.api<{ events: unknown[] }>(`/api/v1/issues/${checkout.id}/events?limit=100`);
    expect(events.events).toHaveLength(7);
    expect(await countsOf(checkout)).toBe(7);
    const sameMinute = await db()
      .selectFrom('issue_counts')
      .select('count')
      .where('issue_id', '=', checkout.id)
      .where('minute', '=', Math.floor(T0 / MIN))
      .executeTakeFirstOrThrow();
    expect(Number(sameMinute.count)).toBe(2); // checkout's and coupon's first events, summed
    const releases = await db()
      .selectFrom('issue_tags')
      .select(['value', 'times_seen'])
      .where('issue_id', '=', checkout.id)
      .where('key', '=', 'release')
      .orderBy('value')
      .execute();
    expect(releases.map((r) => [r.value, Number(r.times_seen)])).toEqual([
      ['shop@1.4.1', 2],
      ['shop@1.4.2', 3],
      ['shop@1.4.3', 2],
    ]);
    expect(await countsOf(coupon)).toBe(0);
    const target = (await reload(checkout))!;
    expect(target).toMatchObject({ inbox_reason: null, lifecycle_version: checkout.lifecycle_version + 1 });

    for (const source of [coupon, payment]) {
      expect((await reload(source))?.merged_into_id).toBe(checkout.id);
      const activity = await listActivity(db(), source.id);
      expect(activity.map((a) => a.kind)).toContain('merge');
    }
    const targetActivity = (await listActivity(db(), checkout.id)).find((a) => a.kind === 'merge')!;
    expect(JSON.parse(targetActivity.data).sourceIssueIds).toEqual([coupon.id, payment.id]);
    const fingerprints = await vigie.api<{ fingerprints: Array<{ fingerprint: string; merged: boolean }> }>(
      `/api/v1/issues/${checkout.id}/fingerprints`,
    );
    expect(fingerprints.fingerprints.map((f) => [f.fingerprint, f.merged])).toEqual(
      expect.arrayContaining([
        [checkout.fingerprint, false],
        [coupon.fingerprint, true],
        [payment.fingerprint, true],
      ]),
    );
  });

  it('routes future events of merged fingerprints to the target', async () => {
    const routes = await route([
      coupon.fingerprint,
      payment.fingerprint,
      checkout.fingerprint,
      'f'.repeat(32),
    ]);
    expect(routes.redirects).toEqual(
      new Map([
        [fingerprintKey(vigie.projectId, coupon.fingerprint), checkout.id],
        [fingerprintKey(vigie.projectId, payment.fingerprint), checkout.id],
      ]),
    );
    expect(routes.discarded.size).toBe(0);
    // The same fingerprint in another project is another bug.
    expect((await route([coupon.fingerprint], elsewhere.project_id)).redirects.size).toBe(0);
  });

  it('refuses merges across projects, into the issue itself, or of an issue already merged', async () => {
    const across = await call('POST', `/api/v1/issues/${checkout.id}/merge`, { issueIds: [elsewhere.id] });
    expect(across.status).toBe(400);
    expect(across.body.error?.code).toBe('issues_not_in_project');
    const itself = await call('POST', `/api/v1/issues/${checkout.id}/merge`, { issueIds: [checkout.id] });
    expect(itself.body.error?.code).toBe('cannot_merge_into_itself');
    const twice = await call('POST', `/api/v1/issues/${checkout.id}/merge`, { issueIds: [coupon.id] });
    expect(twice.status).toBe(409);
    expect(twice.body.error?.code).toBe('issue_merged');
    const intoMerged = await call('POST', `/api/v1/issues/${coupon.id}/merge`, { issueIds: [checkout.id] });
    expect(intoMerged.status).toBe(409);
  });

  it('unmerges a fingerprint back into its own issue, with its events and counts', async () => {
    const own = await call('POST', `/api/v1/issues/${checkout.id}/unmerge`, {
      fingerprints: [checkout.fingerprint],
    });
    expect(own.status).toBe(400);
    expect(own.body.error?.code).toBe('fingerprint_not_merged');

    const split = await call('POST', `/api/v1/issues/${checkout.id}/unmerge`, {
      fingerprints: [payment.fingerprint],
    });
    expect(split.status).toBe(200);
    expect(split.body.unmerged).toEqual([
      { issueId: payment.id, fingerprint: payment.fingerprint, movedEvents: 2 },
    ]);
    expect(split.body.issue).toMatchObject({ count: 5, userCount: 3, firstSeen: new Date(T0).toISOString() });

    const back = (await reload(payment))!;
    expect(back).toMatchObject({
      merged_into_id: null,
      times_seen: 2,
      users_seen: 1,
      first_seen: T0 - 1440 * MIN,
      last_release: 'shop@1.4.1',
    });
    expect(await countsOf(payment)).toBe(2);
    expect(await countsOf(checkout)).toBe(5);
    const routes = await route([payment.fingerprint, coupon.fingerprint]);
    expect([...routes.redirects.keys()]).toEqual([fingerprintKey(vigie.projectId, coupon.fingerprint)]);
    expect((await listActivity(db(), payment.id)).at(-1)?.kind).toBe('unmerge');
  });

  it.runIf(dialect === 'postgres')(
    'makes a batch routing fingerprints wait for a merge in progress, then see its routes',
    async () => {
      const key = new URL(vigie.dsn).username;
      await send(vigie.projectId, key, [
        errorEvent({
          fn: 'renderInvoice',
          file: '/srv/shop/routes/invoice.js',
          value: 'invoice.lines is undefined',
        }),
        errorEvent({
          fn: 'sendReceipt',
          file: '/srv/shop/routes/receipt.js',
          value: 'receipt.to is undefined',
        }),
      ]);
      const invoice = await issueNamed('invoice.lines');
      const receipt = await issueNamed('receipt.to');
      const merge = await db().startTransaction().execute();
      await lockIssues(merge, [invoice.id, receipt.id]);
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(merge);
      const mergePid = rows[0]!.pid;
      const batch = route([receipt.fingerprint]);
      let settled = false;
      void batch.then(() => {
        settled = true;
      });
      // Once PostgreSQL shows a session waiting on the merge's transaction (the batch, on its row
      // locks), the batch has got as far as it can: it must not have settled.
      await expect.poll(() => sessionsBlockedBy(mergePid), { timeout: 10_000 }).toBe(1);
      expect(settled).toBe(false);
      await merge
        .insertInto('issue_fingerprints')
        .values({
          project_id: vigie.projectId,
          fingerprint: receipt.fingerprint,
          issue_id: invoice.id,
          source_issue_id: receipt.id,
          created_at: Date.now(),
        })
        .execute();
      await merge.commit().execute();
      expect((await batch).redirects.get(fingerprintKey(vigie.projectId, receipt.fingerprint))).toBe(
        invoice.id,
      );
    },
  );
});
