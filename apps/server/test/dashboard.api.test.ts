// What the dashboard's pages read, over HTTP, after real events went through ingest: series of an issue and
// of a project, the tag breakdown, event navigation, sparklines in the stream and on the projects page, the
// environment and release pickers. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, createProject } from '../src/projects/project.repository.ts';
import { addUser, call, userToken } from './auth-fixtures.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Series {
  interval: string;
  start: string;
  end: string;
  total: number;
  points: Array<{ start: string; count: number }>;
  releases: Array<{ version: string; firstSeen: string }>;
}
interface Sparkline {
  start: string;
  interval: string;
  counts: number[];
}
interface TagBreakdown {
  tags: Array<{
    key: string;
    events: number;
    distinctValues: number;
    topValues: Array<{ value: string; count: number; share: number }>;
  }>;
}

/** One event of the checkout bug (or of the cart bug), `ago` before the test's start. */
function shopEvent(
  now: number,
  ago: number,
  o: { release: string; environment?: string; user?: string; browser?: [string, string]; bug?: 'cart' },
): Record<string, unknown> {
  const event = errorEvent({
    timestamp: now - ago,
    release: o.release,
    environment: o.environment ?? 'production',
    ...(o.user ? { userId: o.user } : {}),
    ...(o.bug === 'cart' ? { type: 'RangeError', fn: 'addToCart', file: '/srv/shop/routes/cart.js' } : {}),
  });
  return {
    ...event,
    server_name: 'web-1',
    request: { url: 'https://shop.example/checkout?step=2', method: 'POST' },
    ...(o.browser ? { contexts: { browser: { name: o.browser[0], version: o.browser[1] } } } : {}),
  };
}

describe.each(testDialects)('the dashboard API on %s', (dialect) => {
  let vigie: RunningVigie;
  const now = Date.now();
  const eventIds: Record<string, string> = {};
  let checkout: number;
  let cart: number;
  const chrome: [string, string] = ['Chrome', '120.0'];

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const key = new URL(vigie.dsn).username;
    const events = {
      a7: shopEvent(now, 10 * DAY, { release: 'shop@1.0' }),
      a4: shopEvent(now, 2 * DAY, { release: 'shop@1.0', user: 'u-3', browser: chrome }),
      a5: shopEvent(now, 2 * DAY - 1_000, { release: 'shop@1.0', user: 'u-3', browser: chrome }),
      a6: shopEvent(now, 2 * DAY - 2_000, { release: 'shop@1.0', user: 'u-3', browser: chrome }),
      a3: shopEvent(now, 3 * HOUR, {
        release: 'shop@1.1',
        environment: 'staging',
        user: 'u-1',
        browser: chrome,
      }),
      a1: shopEvent(now, HOUR, { release: 'shop@1.1', user: 'u-1', browser: chrome }),
      a2: shopEvent(now, HOUR - MINUTE, { release: 'shop@1.1', user: 'u-2', browser: ['Firefox', '119.0'] }),
      b1: shopEvent(now, 30 * MINUTE, { release: 'shop@1.1', user: 'u-9', bug: 'cart' }),
    };
    for (const [name, event] of Object.entries(events)) eventIds[name] = event.event_id as string;
    await sendEvents(vigie, vigie.projectId, key, Object.values(events));
    const issueOf = async (name: string) =>
      (await vigie.api<{ issueId: number }>(`/api/v1/events/${eventIds[name]}`)).issueId;
    checkout = await issueOf('a1');
    cart = await issueOf('b1');
    // Another project's customer must never be offered in this one.
    const db = vigie.app.vigie.database.db;
    const other = await createProject(db, 'Other shop');
    const otherKey = await createKey(db, other.id);
    await sendEvents(vigie, other.id, otherKey.public_key, [
      shopEvent(now, HOUR, { release: 'other@9', user: 'u-1000' }),
    ]);
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const countAt = (series: Series, atMs: number, interval: number) =>
    series.points.find((p) => Date.parse(p.start) === Math.floor(atMs / interval) * interval)?.count;

  it("draws an issue's occurrences per hour over 24 hours, zeros included, and per day over 30 days", async () => {
    const day = await vigie.api<Series>(`/api/v1/issues/${checkout}/series?period=24h`);
    expect(day).toMatchObject({ interval: '1h', total: 3 });
    expect(day.points).toHaveLength(24);
    // a1 and a2 are a minute apart: the same hour, unless an hour starts between them.
    const sameHour = Math.floor((now - HOUR) / HOUR) === Math.floor((now - HOUR + MINUTE) / HOUR);
    expect(countAt(day, now - HOUR, HOUR)).toBe(sameHour ? 2 : 1);
    expect(countAt(day, now - 3 * HOUR, HOUR)).toBe(1);
    expect(day.points.filter((p) => p.count === 0).length).toBeGreaterThanOrEqual(21);
    const month = await vigie.api<Series>(`/api/v1/issues/${checkout}/series?period=30d`);
    expect(month).toMatchObject({ interval: '1d', total: 7 });
    expect(month.points).toHaveLength(30);
    expect(countAt(month, now - 10 * DAY, DAY)).toBe(1);
    expect(month.releases.map((r) => r.version)).toEqual(['shop@1.0', 'shop@1.1']);
    expect((await vigie.api<Series>(`/api/v1/issues/${checkout}/series?period=7d`)).total).toBe(6);
  });

  it('cuts a chosen range at a chosen interval', async () => {
    const start = new Date(now - 2 * HOUR).toISOString();
    const end = new Date(now).toISOString();
    const range = await vigie.api<Series>(
      `/api/v1/issues/${checkout}/series?start=${start}&end=${end}&interval=1m`,
    );
    expect(range.points.length).toBeGreaterThanOrEqual(120);
    expect(range.total).toBe(2);
    expect(countAt(range, now - HOUR, MINUTE)).toBe(1);
    const hourly = await vigie.api<Series>(`/api/v1/issues/${checkout}/series?period=14d&interval=12h`);
    expect(hourly).toMatchObject({ interval: '12h', total: 7 });
    expect(hourly.points).toHaveLength(28);
  });

  it('answers 400 for a series it cannot draw, saying what to change', async () => {
    const ask = (query: string) =>
      call<{ error: { code: string; message: string } }>(
        vigie,
        'GET',
        `/api/v1/issues/${checkout}/series?${query}`,
        { bearer: vigie.token },
      );
    const tooMany = await ask('period=30d&interval=1m');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'invalid_series' });
    expect(tooMany.body.error.message).toMatch(/use a longer interval/);
    expect((await ask('start=2026-11-02T00:00:00Z&end=2026-11-01T00:00:00Z')).body.error.code).toBe(
      'invalid_series',
    );
    expect((await ask('period=24h&start=2026-11-01T00:00:00Z')).body.error.code).toBe('invalid_series');
    expect((await ask('interval=7m')).body.error.code).toBe('invalid_request');
    expect((await ask('start=yesterday')).body.error.code).toBe('invalid_request');
  });

  it("draws the project's events, of every issue or of one environment", async () => {
    const base = `/api/v1/projects/${vigie.projectId}/series?period=24h`;
    expect((await vigie.api<Series>(base)).total).toBe(4);
    expect((await vigie.api<Series>(`${base}&environment=staging`)).total).toBe(1);
    expect((await vigie.api<Series>(`${base}&environment=nowhere`)).total).toBe(0);
    expect((await vigie.api<Series>(`/api/v1/projects/${vigie.projectId}/series?period=30d`)).total).toBe(8);
  });

  it("breaks an issue's events down by tag: counts and shares of the top values, most frequent first", async () => {
    const { tags } = await vigie.api<TagBreakdown>(`/api/v1/issues/${checkout}/tags`);
    const keys = tags.map((t) => t.key);
    expect(keys.slice(0, 5)).toEqual(['release', 'environment', 'browser', 'url', 'server_name']);
    expect(keys).toEqual(expect.arrayContaining(['user', 'route']));
    expect(keys).not.toContain('level');
    expect(keys).not.toContain('browser.name');
    const tag = (key: string) => tags.find((t) => t.key === key)!;
    expect(tag('release')).toMatchObject({ events: 7, distinctValues: 2 });
    expect(tag('release').topValues).toEqual([
      expect.objectContaining({ value: 'shop@1.0', count: 4, share: 4 / 7 }),
      expect.objectContaining({ value: 'shop@1.1', count: 3, share: 3 / 7 }),
    ]);
    expect(tag('browser')).toMatchObject({
      events: 6,
      topValues: [
        { value: 'Chrome 120.0', count: 5 },
        { value: 'Firefox 119.0', count: 1 },
      ],
    });
    expect(tag('url').topValues[0]).toMatchObject({
      value: 'https://shop.example/checkout',
      count: 7,
      share: 1,
    });
    expect(tag('user').topValues.map((v) => [v.value, v.count])).toEqual([
      ['id:u-3', 3],
      ['id:u-1', 2],
      ['id:u-2', 1],
    ]);
    const one = await vigie.api<TagBreakdown>(`/api/v1/issues/${checkout}/tags?key=user&limit=1`);
    expect(one.tags).toEqual([expect.objectContaining({ key: 'user', distinctValues: 3, events: 6 })]);
    expect(one.tags[0]!.topValues).toHaveLength(1);
  });

  it("pages through an issue's events one by one, from the latest or the oldest", async () => {
    type Nav = {
      eventId: string;
      navigation: Record<'older' | 'newer' | 'oldest' | 'latest', string | null>;
    };
    const latest = await vigie.api<Nav>(`/api/v1/issues/${checkout}/events/latest`);
    expect(latest.eventId).toBe(eventIds.a2);
    expect(latest.navigation).toEqual({
      older: eventIds.a1,
      newer: null,
      oldest: eventIds.a7,
      latest: eventIds.a2,
    });
    const middle = await vigie.api<Nav>(`/api/v1/issues/${checkout}/events/${eventIds.a3}`);
    expect(middle.navigation).toMatchObject({ older: eventIds.a6, newer: eventIds.a1 });
    const oldest = await vigie.api<Nav>(`/api/v1/issues/${checkout}/events/oldest`);
    expect(oldest).toMatchObject({ eventId: eventIds.a7, navigation: { older: null, newer: eventIds.a4 } });
    const elsewhere = await call(vigie, 'GET', `/api/v1/issues/${checkout}/events/${eventIds.b1}`, {
      bearer: vigie.token,
    });
    expect(elsewhere.status).toBe(404);
  });

  it('gives each row of the stream its sparkline in the same request, and counts the matching issues', async () => {
    type Page = { issues: Array<{ id: number; stats?: Sparkline }> };
    const list = `/api/v1/projects/${vigie.projectId}/issues`;
    const plain = await vigie.api<Page>(list);
    expect(plain.issues[0]!.stats).toBeUndefined();
    const day = await vigie.api<Page>(`${list}?stats=24h`);
    const sum = (s: Sparkline | undefined) => s!.counts.reduce((a, b) => a + b, 0);
    const of = (page: Page, id: number) => page.issues.find((i) => i.id === id)!.stats;
    expect(of(day, checkout)).toMatchObject({ interval: '1h' });
    expect(of(day, checkout)!.counts).toHaveLength(24);
    expect([sum(of(day, checkout)), sum(of(day, cart))]).toEqual([3, 1]);
    const count = (query: string) => vigie.api(`${list}/count?query=${encodeURIComponent(query)}`);
    expect(await count('is:unresolved')).toEqual({ count: 2, capped: false });
    expect(await count('is:unresolved RangeError')).toEqual({ count: 1, capped: false });
    const fortnight = await vigie.api<Page>(`${list}?stats=14d&query=is:unresolved`);
    expect(of(fortnight, checkout)!.counts).toHaveLength(14);
    expect(sum(of(fortnight, checkout))).toBe(7);
  });

  it('gives the projects page every project with its sparkline, unresolved and new issues, in one request', async () => {
    type Projects = {
      projects: Array<{ id: number; stats?: { events: Sparkline; unresolved: number; new: number } }>;
    };
    const { projects } = await vigie.api<Projects>('/api/v1/projects?stats=24h');
    const shop = projects.find((p) => p.id === vigie.projectId)!;
    expect(shop.stats).toMatchObject({ unresolved: 2, new: 2, events: { interval: '1h' } });
    expect(shop.stats!.events.counts.reduce((a, b) => a + b, 0)).toBe(4);
    const resolved = await call(vigie, 'POST', `/api/v1/issues/${cart}/resolve`, {
      bearer: vigie.token,
      body: {},
    });
    expect(resolved.status).toBe(200);
    const after = await vigie.api<Projects>('/api/v1/projects?stats=14d');
    expect(after.projects.find((p) => p.id === vigie.projectId)!.stats).toMatchObject({
      unresolved: 1,
      new: 1,
    });
    await call(vigie, 'POST', `/api/v1/issues/${cart}/unresolve`, { bearer: vigie.token, body: {} });
    expect((await vigie.api<Projects>('/api/v1/projects')).projects[0]!.stats).toBeUndefined();
  });

  it('lists the environments and releases for the pickers, releases newest first and paged', async () => {
    const { environments } = await vigie.api<{ environments: Array<{ name: string; events: number }> }>(
      `/api/v1/projects/${vigie.projectId}/environments`,
    );
    expect(environments.map((e) => [e.name, e.events])).toEqual([
      ['production', 7],
      ['staging', 1],
    ]);
    type Releases = { releases: Array<{ version: string }>; next: string | null };
    const base = `/api/v1/projects/${vigie.projectId}/releases`;
    const first = await vigie.api<Releases>(`${base}?limit=1`);
    expect(first.releases.map((r) => r.version)).toEqual(['shop@1.1']);
    const second = await vigie.api<Releases>(`${base}?limit=1&cursor=${first.next}`);
    expect(second).toEqual({ releases: [expect.objectContaining({ version: 'shop@1.0' })], next: null });
    expect((await vigie.api<Releases>(`${base}?query=1.0`)).releases.map((r) => r.version)).toEqual([
      'shop@1.0',
    ]);
  });

  it("completes the search bar's keys and the project's values", async () => {
    const database = vigie.app.vigie.database;
    await addUser(database, { email: 'jane@shop.example', role: 'member', projectId: vigie.projectId });
    type Completions = {
      kind: string;
      key: string | null;
      from: number;
      to: number;
      suggestions: Array<{ text: string }>;
    };
    const complete = async (query: string) =>
      vigie.api<Completions>(
        `/api/v1/projects/${vigie.projectId}/search/completions?query=${encodeURIComponent(query)}`,
      );
    const texts = async (query: string) => (await complete(query)).suggestions.map((s) => s.text);
    expect(await complete('is:unresolved rel')).toMatchObject({
      kind: 'key',
      from: 14,
      to: 17,
      suggestions: [{ text: 'release:' }],
    });
    expect(await texts('release:1.')).toEqual(['shop@1.1', 'shop@1.0']);
    expect(await texts('environment:sta')).toEqual(['staging']);
    expect(await texts('user.id:u-')).toEqual(['u-1', 'u-2', 'u-3', 'u-9']);
    expect(await texts('user.email:u-3')).toEqual(['u-3@example.com']);
    expect(await texts('assigned:')).toEqual(['me', 'none', 'jane@shop.example']);
    // owner: (suggested owners, ownership rules) completes the key, then the same people and teams.
    expect(await complete('is:unresolved own')).toMatchObject({
      kind: 'key',
      suggestions: [
        { text: 'owner:', description: 'suggested owner: me (or my teams), none, #team or an email' },
      ],
    });
    expect(await texts('owner:')).toEqual(['me', 'none', 'jane@shop.example']);
    expect(await texts('owner:no')).toEqual(['none']);
    expect(await texts('level:[error, wa')).toEqual(['warning']);
    expect(await texts('is:un')).toEqual(['unresolved', 'unassigned', 'unlinked']);
    expect(await texts('"TypeError')).toEqual([]);
  });

  it("says on each project the caller's role and what it allows, so that the pages show only those controls", async () => {
    type Projects = { projects: Array<{ id: number; role: string; capabilities: string[] }> };
    const database = vigie.app.vigie.database;
    const asOwner = await vigie.api<Projects>('/api/v1/projects');
    expect(asOwner.projects.find((p) => p.id === vigie.projectId)).toMatchObject({
      role: 'owner',
      capabilities: ['read', 'lookup', 'triage', 'manage'],
    });
    const support = await addUser(database, {
      email: 'sam@support.example',
      role: 'support',
      projectId: vigie.projectId,
    });
    const asSupport = await call<Projects>(vigie, 'GET', '/api/v1/projects', {
      bearer: await userToken(database, support.id),
    });
    expect(asSupport.body.projects).toEqual([
      expect.objectContaining({ id: vigie.projectId, role: 'support', capabilities: ['read', 'lookup'] }),
    ]);
    const member = await addUser(database, {
      email: 'max@shop.example',
      role: 'member',
      projectId: vigie.projectId,
    });
    const readOnly = await call<Projects>(vigie, 'GET', '/api/v1/projects', {
      bearer: await userToken(database, member.id, ['read']),
    });
    expect(readOnly.body.projects[0]).toMatchObject({ role: 'member', capabilities: ['read', 'lookup'] });
  });
});
