// The counts and tags behind the dashboard's series and tag breakdown stay true to the stored events through
// merge, unmerge and discard: per-minute counts, hourly and daily rollups, the project's counts per
// environment, and every tag. Real events sent by DSN, on SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketMinute, ISSUE_ROLLUP_SPANS, PROJECT_SPANS } from '../src/storage/count-spans.ts';
import type { Issue } from '../src/storage/schema.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Series {
  total: number;
  points: Array<{ start: string; count: number }>;
}
interface Tags {
  tags: Array<{ key: string; topValues: Array<{ value: string; count: number }> }>;
}

describe.each(testDialects)('aggregates through merge, unmerge and discard on %s', (dialect) => {
  let vigie: RunningVigie;
  let checkout: Issue;
  let coupon: Issue;
  let payment: Issue;
  const now = Date.now();
  const { db, call, send, issueNamed } = issueKit(() => vigie);

  /** Every count table holds exactly what the project's stored events add up to. */
  async function expectCountsMatchEvents() {
    const events = await db()
      .selectFrom('events')
      .select(['issue_id', 'timestamp', 'environment'])
      .where('project_id', '=', vigie.projectId)
      .execute();
    const tally = (keys: string[]) => {
      const out: Record<string, number> = {};
      for (const key of keys) out[key] = (out[key] ?? 0) + 1;
      return out;
    };
    const minutes = tally(events.map((e) => `${e.issue_id}/${Math.floor(e.timestamp / 60_000)}`));
    const rollups = tally(
      ISSUE_ROLLUP_SPANS.flatMap((span) =>
        events.map((e) => `${e.issue_id}/${span}/${bucketMinute(e.timestamp, span)}`),
      ),
    );
    const project = tally(
      PROJECT_SPANS.flatMap((span) =>
        events.map((e) => `${span}/${bucketMinute(e.timestamp, span)}/${e.environment}`),
      ),
    );
    const issueIds = [checkout.id, coupon.id, payment.id];
    const stored = (rows: Array<{ key: string; count: number }>) =>
      Object.fromEntries(rows.filter((r) => Number(r.count) > 0).map((r) => [r.key, Number(r.count)]));
    const countRows = await db()
      .selectFrom('issue_counts')
      .selectAll()
      .where('issue_id', 'in', issueIds)
      .execute();
    expect(stored(countRows.map((r) => ({ key: `${r.issue_id}/${r.minute}`, count: r.count })))).toEqual(
      minutes,
    );
    const rollupRows = await db()
      .selectFrom('issue_rollups')
      .selectAll()
      .where('issue_id', 'in', issueIds)
      .execute();
    expect(
      stored(rollupRows.map((r) => ({ key: `${r.issue_id}/${r.span}/${r.minute}`, count: r.count }))),
    ).toEqual(rollups);
    const projectRows = await db()
      .selectFrom('project_counts')
      .selectAll()
      .where('project_id', '=', vigie.projectId)
      .execute();
    expect(
      stored(projectRows.map((r) => ({ key: `${r.span}/${r.minute}/${r.environment}`, count: r.count }))),
    ).toEqual(project);
  }

  const series = (issue: Issue) => vigie.api<Series>(`/api/v1/issues/${issue.id}/series?period=30d`);
  const tagsOf = async (issue: Issue) => {
    const { tags } = await vigie.api<Tags>(`/api/v1/issues/${issue.id}/tags?limit=100`);
    return Object.fromEntries(
      tags.map((t) => [t.key, Object.fromEntries(t.topValues.map((v) => [v.value, v.count]))]),
    );
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const key = new URL(vigie.dsn).username;
    const event = (fn: string, ago: number, browser: string, environment = 'production') => ({
      ...errorEvent({
        fn,
        file: `/srv/shop/routes/${fn}.js`,
        value: `${fn} failed`,
        timestamp: now - ago,
        environment,
      }),
      contexts: { browser: { name: browser } },
      tags: { route: `/${fn}`, tenant: fn === 'checkout' ? 'acme' : 'globex' },
    });
    await send(vigie.projectId, key, [
      event('checkout', HOUR, 'Chrome'),
      event('checkout', 3 * DAY, 'Chrome', 'staging'),
      event('checkout', 3 * DAY + 1_000, 'Firefox'),
      event('applyCoupon', HOUR + 5_000, 'Safari'),
      event('applyCoupon', 5 * DAY, 'Chrome', 'staging'),
      event('chargeCard', 2 * HOUR, 'Edge'),
    ]);
    checkout = await issueNamed('checkout failed');
    coupon = await issueNamed('applyCoupon failed');
    payment = await issueNamed('chargeCard failed');
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('sums the series and tags of merged issues into the target, and splits them back on unmerge', async () => {
    const before = {
      series: await Promise.all([checkout, coupon, payment].map(series)),
      tags: await Promise.all([checkout, coupon, payment].map(tagsOf)),
    };
    await expectCountsMatchEvents();
    const merged = await call('POST', `/api/v1/issues/${checkout.id}/merge`, {
      issueIds: [coupon.id, payment.id],
    });
    expect(merged.status).toBe(200);
    const sum = before.series[0]!.points.map((_, i) =>
      before.series.reduce((n, s) => n + s.points[i]!.count, 0),
    );
    expect((await series(checkout)).points.map((p) => p.count)).toEqual(sum);
    expect((await series(coupon)).total).toBe(0);
    const tags = await tagsOf(checkout);
    expect(tags.browser).toEqual({ Chrome: 3, Firefox: 1, Safari: 1, Edge: 1 });
    expect(tags.tenant).toEqual({ acme: 3, globex: 3 });
    await expectCountsMatchEvents();

    const fingerprint = (await vigie.api<{ fingerprint: { hash: string } }>(`/api/v1/issues/${coupon.id}`))
      .fingerprint.hash;
    const unmerged = await call('POST', `/api/v1/issues/${checkout.id}/unmerge`, {
      fingerprints: [fingerprint],
    });
    expect(unmerged.status).toBe(200);
    expect(await series(coupon)).toEqual(before.series[1]);
    expect(await tagsOf(coupon)).toEqual(before.tags[1]);
    const left = await tagsOf(checkout);
    expect(left.browser).toEqual({ Chrome: 2, Firefox: 1, Edge: 1 });
    expect(left.tenant).toEqual({ acme: 3, globex: 1 });
    expect(left.release).toEqual({ 'shop@1.4.2': 4 });
    await expectCountsMatchEvents();
  });

  it("takes a discarded issue's events out of the project's series and environments", async () => {
    const project = () => vigie.api<Series>(`/api/v1/projects/${vigie.projectId}/series?period=30d`);
    expect((await project()).total).toBe(6);
    // checkout still holds payment's events, merged into it.
    const discarded = await call('POST', `/api/v1/issues/${checkout.id}/discard`);
    expect(discarded.status).toBe(200);
    expect((await project()).total).toBe(2);
    const { environments } = await vigie.api<{ environments: Array<{ name: string; events: number }> }>(
      `/api/v1/projects/${vigie.projectId}/environments`,
    );
    expect(environments.map((e) => [e.name, e.events])).toEqual([
      ['production', 1],
      ['staging', 1],
    ]);
    await expectCountsMatchEvents();
  });
});
