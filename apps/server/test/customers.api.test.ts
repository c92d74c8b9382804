// Support lookup over HTTP: a customer writes in, support finds what they hit by user id or email, only in
// the projects support may look up, newest first, with every event paged. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../src/projects/project.repository.ts';
import {
  DAY,
  HOUR,
  insertEvent,
  insertIssue,
  insertUser,
  MINUTE,
  request,
  type SeededUser,
} from './search-data.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

interface CustomerList {
  customers: Array<{
    key: string;
    userId: string | null;
    email: string | null;
    events: number;
    lastSeen: string;
    projects: Array<{
      slug: string;
      issues: Array<{ id: number; title: string; status: string; events: number; lastSeen: string }>;
    }>;
    moreIssues: boolean;
  }>;
}
interface EventPage {
  customer: string;
  events: Array<{
    eventId: string;
    issueId: number;
    projectId: number;
    timestamp: string;
    userEmail: string | null;
  }>;
  next: string | null;
}

describe.each(testDialects)('customer lookup on %s', (dialect) => {
  let vigie: RunningVigie;
  let support: SeededUser;
  let viewer: SeededUser;
  let outsider: SeededUser;
  let backoffice: number;
  const now = Date.now();
  const issues: Record<string, number> = {};
  const janeEvents: string[] = [];

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const db = vigie.app.vigie.database.db;
    const shop = vigie.projectId;
    backoffice = (await createProject(db, 'backoffice')).id;
    support = await insertUser(db, 'sam.support@shop.example', [[shop, 'support']], ['read']);
    viewer = await insertUser(db, 'val.viewer@shop.example', [[shop, 'viewer']]);
    outsider = await insertUser(db, 'olga@backoffice.example', [[backoffice, 'member']]);
    const issue = (title: string, status = 'unresolved', project = shop) =>
      insertIssue(db, project, {
        title,
        status,
        firstSeen: now - 9 * DAY,
        lastSeen: now - MINUTE,
        timesSeen: 500,
      });
    issues.checkout = await issue("TypeError: Cannot read properties of undefined (reading 'id')");
    issues.coupon = await issue('RangeError: coupon discount exceeds order total', 'resolved');
    issues.invoice = await issue('Error: PDF renderer timed out', 'unresolved', backoffice);
    issues.search = await issue('TypeError: query.trim is not a function');
    const jane = { userId: '4711', userEmail: 'Jane.Doe+shop@example.com' };
    // Oldest first: jane hit coupon 3 days ago, checkout twice today, and an invoice in the backoffice.
    janeEvents.push(
      await insertEvent(db, { projectId: shop, issueId: issues.coupon, timestamp: now - 3 * DAY, ...jane }),
    );
    janeEvents.push(
      await insertEvent(db, {
        projectId: shop,
        issueId: issues.checkout,
        timestamp: now - 2 * HOUR,
        ...jane,
      }),
    );
    janeEvents.push(
      await insertEvent(db, {
        projectId: backoffice,
        issueId: issues.invoice,
        timestamp: now - HOUR,
        ...jane,
      }),
    );
    janeEvents.push(
      await insertEvent(db, {
        projectId: shop,
        issueId: issues.checkout,
        timestamp: now - 10 * MINUTE,
        ...jane,
      }),
    );
    // Another customer on the same issue, and a guest known only by email.
    await insertEvent(db, {
      projectId: shop,
      issueId: issues.checkout,
      timestamp: now - 5 * MINUTE,
      userId: '4712',
    });
    await insertEvent(db, {
      projectId: shop,
      issueId: issues.search,
      timestamp: now - DAY,
      userEmail: 'guest@example.net',
    });
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const lookup = (query: string, token: string) =>
    request<CustomerList & { error: { code: string; message: string } }>(
      vigie,
      token,
      'GET',
      `/api/v1/customers?query=${encodeURIComponent(query)}`,
    );
  const eventsOf = (key: string, token: string, extra = '') =>
    request<EventPage & { error: { code: string } }>(
      vigie,
      token,
      'GET',
      `/api/v1/customers/${encodeURIComponent(key)}/events${extra}`,
    );

  it("shows support the issues a customer hit in support's projects, newest first, with their event counts", async () => {
    const { status, body } = await lookup('4711', support.token);
    expect(status).toBe(200);
    expect(body.customers).toHaveLength(1);
    const [jane] = body.customers;
    expect(jane).toMatchObject({
      key: 'id:4711',
      userId: '4711',
      email: 'Jane.Doe+shop@example.com',
      events: 3,
    });
    expect(jane?.projects.map((p) => p.slug)).toEqual(['default']);
    expect(jane?.projects[0]?.issues.map((i) => [i.id, i.status, i.events])).toEqual([
      [issues.checkout, 'unresolved', 2],
      [issues.coupon, 'resolved', 1],
    ]);
    expect(jane?.projects[0]?.issues[0]?.lastSeen).toBe(new Date(now - 10 * MINUTE).toISOString());
  });

  it('shows an administrator the same customer across every project', async () => {
    const { body } = await lookup('4711', vigie.token);
    expect(body.customers[0]?.projects.map((p) => [p.slug, p.issues.map((i) => i.id)])).toEqual([
      ['default', [issues.checkout, issues.coupon]],
      ['backoffice', [issues.invoice]],
    ]);
  });

  it('finds a customer by email as sent, or typed with capitals when sent in lower case, and a guest known only by email', async () => {
    const byEmail = await lookup('Jane.Doe+shop@example.com', support.token);
    expect(byEmail.body.customers.map((c) => [c.key, c.userId])).toEqual([
      ['email:Jane.Doe+shop@example.com', '4711'],
    ]);
    const guest = await lookup('email:Guest@Example.net', support.token);
    expect(guest.body.customers.map((c) => [c.key, c.userId, c.projects[0]?.issues[0]?.id])).toEqual([
      ['email:guest@example.net', null, issues.search],
    ]);
    expect((await lookup('nobody@example.com', support.token)).body.customers).toEqual([]);
  });

  it("pages through every event the customer hit, newest first, in the caller's projects only", async () => {
    const first = await eventsOf('id:4711', vigie.token, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.customer).toBe('id:4711');
    const second = await eventsOf('id:4711', vigie.token, `?limit=2&cursor=${first.body.next}`);
    expect(second.body.next).toBeNull();
    const ids = [...first.body.events, ...second.body.events].map((e) => e.eventId);
    expect(ids).toEqual([...janeEvents].reverse());
    const forSupport = await eventsOf('email:Jane.Doe+shop@example.com', support.token);
    expect(forSupport.body.events.map((e) => e.eventId)).toEqual([
      janeEvents[3],
      janeEvents[1],
      janeEvents[0],
    ]);
    expect(forSupport.body.events.every((e) => e.projectId === vigie.projectId)).toBe(true);
  });

  it('shows a member of another project nothing of this one', async () => {
    const { body } = await lookup('4711', outsider.token);
    expect(body.customers[0]?.projects.map((p) => p.slug)).toEqual(['backoffice']);
    const events = await eventsOf('id:4711', outsider.token);
    expect(events.body.events.map((e) => e.projectId)).toEqual([backoffice]);
  });

  it('refuses a viewer, whose role cannot look up customers, and a malformed key', async () => {
    const refused = await lookup('4711', viewer.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('looking up customers');
    expect((await eventsOf('id:4711', viewer.token)).status).toBe(403);
    const malformed = await eventsOf('4711', support.token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_customer_key');
  });
});
