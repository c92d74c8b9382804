// The issue stream sorted by suggested owner, on SQLite and PostgreSQL: owned issues first by the owner's
// label, most recently seen first within each owner, issues without an owner last, paged by a keyset cursor
// that keeps its place across equal times.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOwnershipJob } from '../src/ownership/ownership-job.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { createTeam } from '../src/teams/teams.repository.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';
import { addMember, request } from './triage-fixtures.ts';

type Page = { issues?: { id: number; title: string }[]; next?: string | null; error?: { message: string } };

describe.each(testDialects)('the issue stream sorted by owner on %s', (dialect) => {
  let vigie: RunningVigie;
  const id: Record<string, number> = {};

  const db = () => vigie.app.vigie.database.db;
  const list = (params: string) =>
    request<Page>(vigie, vigie.token, 'GET', `/api/v1/projects/${vigie.projectId}/issues?${params}`);
  const titlesOf = (page: Page) => (page.issues ?? []).map((i) => i.title.split('Error:')[0]);

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    await addMember(db(), 'bob@example.com', 'member', vigie.projectId, ['read', 'triage']);
    const billing = await createTeam(db(), 'Billing', 'billing');
    await setMember(db(), vigie.projectId, { teamId: billing.id }, 'member');
    const rules = 'path:/srv/shop/billing/** #billing\npath:/srv/shop/routes/** bob@example.com';
    const saved = await request(vigie, vigie.token, 'PUT', `/api/v1/projects/${vigie.projectId}/ownership`, {
      rules,
    });
    expect(saved.status).toBe(200);
    const now = Date.now();
    const thrown = (file: string, fn: string, at: number) =>
      errorEvent({ file, fn, type: `${fn}Error`, value: `failed in ${fn}`, timestamp: now - at });
    // The two issues without an owner are seen at the same moment: the id breaks the tie.
    await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [
      thrown('/srv/shop/billing/refund.js', 'refundOrder', 3_000),
      thrown('/srv/shop/billing/invoice.js', 'chargeInvoice', 1_000),
      thrown('/srv/shop/routes/checkout.js', 'placeOrder', 5_000),
      thrown('/srv/mail/send.js', 'sendMail', 500),
      thrown('/srv/mail/queue.js', 'enqueueMail', 500),
    ]);
    await runOwnershipJob(db(), { nowMs: Date.now() });
    for (const issue of (await list('limit=100')).body.issues ?? [])
      id[issue.title.split('Error:')[0] ?? ''] = issue.id;
    expect(Object.keys(id)).toHaveLength(5);
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  it('lists #billing, then bob@example.com, then issues without an owner, page by page', async () => {
    const first = await list('sort=owner&limit=2');
    expect(first.status).toBe(200);
    expect(titlesOf(first.body)).toEqual(['chargeInvoice', 'refundOrder']);
    const second = await list(`sort=owner&limit=2&cursor=${first.body.next}`);
    expect(titlesOf(second.body)).toEqual(['placeOrder', 'enqueueMail']);
    const third = await list(`sort=owner&limit=2&cursor=${second.body.next}`);
    expect(titlesOf(third.body)).toEqual(['sendMail']);
    expect(third.body.next).toBeNull();
    expect(id.enqueueMail).toBeGreaterThan(id.sendMail ?? Number.POSITIVE_INFINITY);
  });

  it('keeps the search and the owner order together', async () => {
    const unowned = await list(`sort=owner&query=${encodeURIComponent('owner:none')}`);
    expect(titlesOf(unowned.body)).toEqual(['enqueueMail', 'sendMail']);
    const owned = await list(`sort=owner&limit=1&query=${encodeURIComponent('!owner:none')}`);
    const rest = await list(
      `sort=owner&query=${encodeURIComponent('!owner:none')}&cursor=${owned.body.next}`,
    );
    expect([...titlesOf(owned.body), ...titlesOf(rest.body)]).toEqual([
      'chargeInvoice',
      'refundOrder',
      'placeOrder',
    ]);
  });

  it("refuses another sort's cursor with a 400", async () => {
    const byLastSeen = await list('limit=1');
    const mixed = await list(`sort=owner&cursor=${byLastSeen.body.next}`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error?.message).toMatch(/cursor/i);
  });
});
