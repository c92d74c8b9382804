// Delete and discard through the API: the issue goes with its events and whatever was merged into
// it, and ingest's routing then drops and counts its fingerprints until discarding stops. Real events
// sent by DSN, on SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countDiscarded,
  fingerprintKey,
  routeFingerprints,
} from '../src/issues/merge/fingerprint-routing.repository.ts';
import { createKey, createProject } from '../src/projects/project.repository.ts';
import type { Issue } from '../src/storage/schema.ts';
import { issueKit } from './issue-kit.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent } from './support/events.ts';
import { addMember } from './triage-fixtures.ts';

interface DiscardedPage {
  discarded: Array<{ fingerprint: string; title: string; dropped: number }>;
  next: string | null;
}

describe.each(testDialects)('delete and discard on %s', (dialect) => {
  let vigie: RunningVigie;
  let checkout: Issue; // 3 events; coupon (2 events) is merged into it
  let coupon: Issue;
  let payment: Issue; // left alone
  let elsewhere: Issue; // in another project

  const { db, call, send, issueNamed, reload } = issueKit(() => vigie);
  const route = (fingerprints: string[]) =>
    db()
      .transaction()
      .execute((trx) =>
        routeFingerprints(
          trx,
          fingerprints.map((fingerprint) => ({ projectId: vigie.projectId, fingerprint })),
        ),
      );

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const bug = (fn: string, value: string, userId: string) =>
      errorEvent({ fn, file: `/srv/shop/routes/${fn}.js`, value, userId });
    await send(vigie.projectId, new URL(vigie.dsn).username, [
      bug('checkout', 'order.customer is undefined', 'u-1'),
      bug('checkout', 'order.customer is undefined', 'u-2'),
      bug('checkout', 'order.customer is undefined', 'u-1'),
      bug('applyCoupon', 'coupon.rules is undefined', 'u-3'),
      bug('applyCoupon', 'coupon.rules is undefined', 'u-3'),
      bug('chargeCard', 'card.token is undefined', 'u-4'),
    ]);
    const other = await createProject(db(), 'Admin panel');
    const otherKey = await createKey(db(), other.id);
    await send(other.id, otherKey.public_key, [bug('listUsers', 'users is not iterable', 'admin-1')]);
    checkout = await issueNamed('order.customer');
    coupon = await issueNamed('coupon.rules');
    payment = await issueNamed('card.token');
    elsewhere = await issueNamed('users is not iterable');
    const merged = await call('POST', `/api/v1/issues/${checkout.id}/merge`, { issueIds: [coupon.id] });
    expect(merged.status).toBe(200);
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('refuses to discard a merged issue on its own', async () => {
    const refused = await call('POST', `/api/v1/issues/${coupon.id}/discard`);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('issue_merged');
  });

  it('keeps a triager from discarding, and out of projects they are not a member of', async () => {
    const { token } = await addMember(db(), 'tom@example.com', 'member', vigie.projectId, ['read', 'triage']);
    expect((await call('POST', `/api/v1/issues/${checkout.id}/discard`, undefined, token)).status).toBe(403);
    expect((await call('POST', `/api/v1/issues/${elsewhere.id}/discard`, undefined, token)).status).toBe(404);
    const stop = await call('DELETE', `/api/v1/projects/${vigie.projectId}/discarded/abc`, undefined, token);
    expect(stop.status).toBe(403);
    expect(await reload(checkout)).toBeDefined();
  });

  it('deletes the issue with its events and what was merged into it', async () => {
    const discarded = await call('POST', `/api/v1/issues/${checkout.id}/discard`);
    expect(discarded.status).toBe(200);
    expect(discarded.body).toEqual({
      fingerprints: [checkout.fingerprint, coupon.fingerprint],
      deletedEvents: 5,
    });
    expect((await call('GET', `/api/v1/issues/${checkout.id}`)).status).toBe(404);
    expect(await reload(coupon)).toBeUndefined();
    const events = await db()
      .selectFrom('events')
      .select('issue_id')
      .where('project_id', '=', vigie.projectId)
      .execute();
    expect(events).toEqual([{ issue_id: payment.id }]);
    expect((await reload(payment))?.times_seen).toBe(1);
  });

  it('has ingest drop the discarded fingerprints and count what it dropped', async () => {
    const routes = await route([checkout.fingerprint, coupon.fingerprint, payment.fingerprint]);
    expect(routes.discarded).toEqual(
      new Set([checkout.fingerprint, coupon.fingerprint].map((f) => fingerprintKey(vigie.projectId, f))),
    );
    expect(routes.redirects.size).toBe(0);
    for (const dropped of [2, 1]) {
      await db()
        .transaction()
        .execute((trx) =>
          countDiscarded(
            trx,
            new Map([
              [fingerprintKey(vigie.projectId, checkout.fingerprint), dropped],
              [fingerprintKey(vigie.projectId, coupon.fingerprint), 1],
            ]),
          ),
        );
    }
    const first = await vigie.api<DiscardedPage>(`/api/v1/projects/${vigie.projectId}/discarded?limit=1`);
    expect(first.discarded).toHaveLength(1);
    const second = await vigie.api<DiscardedPage>(
      `/api/v1/projects/${vigie.projectId}/discarded?limit=1&cursor=${first.next}`,
    );
    expect(second.next).toBeNull();
    const all = [...first.discarded, ...second.discarded];
    expect(all.map((d) => [d.fingerprint, d.dropped, d.title]).sort()).toEqual(
      [
        [checkout.fingerprint, 3, checkout.title],
        [coupon.fingerprint, 2, checkout.title],
      ].sort(),
    );
  });

  it('stops discarding a fingerprint on request', async () => {
    const url = `/api/v1/projects/${vigie.projectId}/discarded/${checkout.fingerprint}`;
    expect((await call('DELETE', url)).status).toBe(204);
    const routes = await route([checkout.fingerprint, coupon.fingerprint]);
    expect([...routes.discarded]).toEqual([fingerprintKey(vigie.projectId, coupon.fingerprint)]);
    expect((await call('DELETE', url)).status).toBe(404);
  });
});
