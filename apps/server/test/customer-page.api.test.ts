// What the customer's page reads over HTTP, from events sent through ingest as SDKs send them: a customer
// found by any of their user fields (id, email, username, IP address), one customer by key with where the team
// is with each issue they hit, and their events with the browser, OS and page, newest first. Both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, request, type SeededUser } from './search-data.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const JANE = { id: 'u-jane', email: 'jane@example.com', username: 'jane_d', ip_address: '203.0.113.7' };

interface CustomerIssue {
  id: number;
  title: string;
  status: string;
  resolution: { kind: string; release?: string } | null;
  assigned: boolean;
  events: number;
}
interface Customer {
  key: string;
  userId: string | null;
  email: string | null;
  username: string | null;
  ipAddress: string | null;
  events: number;
  projects: Array<{ name: string; issues: CustomerIssue[] }>;
}
interface CustomerEvent {
  eventId: string;
  timestamp: string;
  release: string | null;
  environment: string | null;
  project: { id: number; name: string };
  issue: CustomerIssue;
  browser: string | null;
  os: string | null;
  url: string | null;
  username: string | null;
  ipAddress: string | null;
}

describe.each(testDialects)("the customer's page over HTTP on %s", (dialect) => {
  let vigie: RunningVigie;
  let support: SeededUser;
  let viewer: SeededUser;
  let member: SeededUser;
  const ids: Record<string, string> = {};
  const now = Date.now();

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const db = vigie.app.vigie.database.db;
    const p = vigie.projectId;
    support = await insertUser(db, 'sam@shop.example', [[p, 'support']], ['read']);
    viewer = await insertUser(db, 'val@shop.example', [[p, 'viewer']]);
    member = await insertUser(db, 'ana@shop.example', [[p, 'member']]);
    const at = (minutesAgo: number) => now - minutesAgo * 60_000;
    const checkout = (minutesAgo: number) => {
      const event = errorEvent({ timestamp: at(minutesAgo), release: 'shop@1.2' });
      ids[`checkout${minutesAgo}`] = event.event_id as string;
      return {
        ...event,
        user: JANE,
        request: {
          method: 'POST',
          url: 'https://shop.example.com/checkout?step=pay',
          headers: { 'User-Agent': CHROME_WINDOWS },
        },
      };
    };
    const coupon = errorEvent({
      type: 'RangeError',
      value: 'coupon discount exceeds order total',
      fn: 'applyCoupon',
      file: '/srv/shop/lib/coupon.js',
      timestamp: at(30),
    });
    ids.coupon = coupon.event_id as string;
    const visitor = errorEvent({ timestamp: at(5), fn: 'search', file: '/srv/shop/lib/search.js' });
    await sendEvents(vigie, p, new URL(vigie.dsn).username, [
      checkout(120),
      {
        ...coupon,
        user: JANE,
        contexts: { browser: { name: 'Firefox', version: '133.0' }, os: { name: 'macOS', version: '15.1' } },
      },
      checkout(10),
      { ...visitor, user: { ip_address: '198.51.100.23' } },
    ]);
    const { customers } = await vigie.api<{ customers: Customer[] }>('/api/v1/customers?query=u-jane');
    const [checkoutIssue, couponIssue] = customers[0]!.projects[0]!.issues;
    await request(vigie, vigie.token, 'PATCH', `/api/v1/issues/${checkoutIssue!.id}`, {
      status: 'resolved',
      resolution: { kind: 'inRelease', release: 'shop@1.3' },
    });
    await request(vigie, member.token, 'PATCH', `/api/v1/issues/${couponIssue!.id}`, { assignee: 'me' });
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const lookup = async (query: string) =>
    (
      await request<{ customers: Customer[] }>(
        vigie,
        support.token,
        'GET',
        `/api/v1/customers?query=${encodeURIComponent(query)}`,
      )
    ).body.customers;

  it('finds a customer by username and by IP address, with every user field the SDK sent', async () => {
    const [byUsername] = await lookup('jane_d');
    expect(byUsername).toMatchObject({
      key: 'username:jane_d',
      userId: 'u-jane',
      email: 'jane@example.com',
      username: 'jane_d',
      ipAddress: '203.0.113.7',
      events: 3,
    });
    expect((await lookup('203.0.113.7')).map((c) => c.key)).toEqual(['ip:203.0.113.7']);
    // A visitor who sent nothing but their address.
    const [visitor] = await lookup('198.51.100.23');
    expect(visitor).toMatchObject({ key: 'ip:198.51.100.23', userId: null, email: null, events: 1 });
    expect(await lookup('username:nobody')).toEqual([]);
  });

  it('finds one customer by the key the lookup gave, each issue with where the team is with it', async () => {
    const found = await lookup('email:Jane@Example.com');
    expect(found).toHaveLength(1);
    const body = found[0]!;
    expect(body.key).toBe('email:jane@example.com');
    expect(body.projects[0]?.name).toBe('Default');
    expect(
      body.projects[0]?.issues.map((i) => [i.title, i.status, i.resolution, i.assigned, i.events]),
    ).toEqual([
      [
        "TypeError: Cannot read properties of undefined (reading 'id')",
        'resolved',
        { kind: 'inRelease', release: 'shop@1.3' },
        false,
        2,
      ],
      ['RangeError: coupon discount exceeds order total', 'unresolved', null, true, 1],
    ]);
  });

  it('lists their events newest first with the issue, project, browser, OS and page', async () => {
    const { status, body } = await request<{ events: CustomerEvent[]; next: string | null }>(
      vigie,
      support.token,
      'GET',
      `/api/v1/customers/${encodeURIComponent('id:u-jane')}/events`,
    );
    expect(status).toBe(200);
    expect(body.events.map((e) => e.eventId)).toEqual([ids.checkout10, ids.coupon, ids.checkout120]);
    const [latest, coupon] = body.events;
    expect(latest).toMatchObject({
      release: 'shop@1.2',
      environment: 'production',
      project: { id: vigie.projectId, name: 'Default' },
      browser: 'Chrome 131',
      os: 'Windows 10 or 11',
      url: 'https://shop.example.com/checkout',
      username: 'jane_d',
      ipAddress: '203.0.113.7',
    });
    expect(latest?.issue).toMatchObject({ status: 'resolved', resolution: { release: 'shop@1.3' } });
    // The SDK's own contexts come before what the User-Agent says.
    expect(coupon).toMatchObject({ browser: 'Firefox 133.0', os: 'macOS 15.1', url: null });
    expect(coupon?.issue).toMatchObject({
      title: 'RangeError: coupon discount exceeds order total',
      assigned: true,
    });
  });

  it('finds nobody for a key with no event in reach, refuses a viewer and a malformed key', async () => {
    expect(await lookup('id:nobody')).toEqual([]);
    const events = '/api/v1/customers/id%3Au-jane/events';
    expect((await request(vigie, viewer.token, 'GET', events)).status).toBe(403);
    const malformed = await request<{ error: { code: string } }>(
      vigie,
      support.token,
      'GET',
      '/api/v1/customers/jane/events',
    );
    expect(malformed.body.error.code).toBe('invalid_customer_key');
  });
});
