// The issue list searched with the query language over HTTP: every kind of term, negation, wildcards, the
// older filter parameters, sorts with their cursors, and the errors a mistyped query gets. On both databases.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY,
  HOUR,
  type IssueSeed,
  insertEvent,
  insertIssue,
  insertTeam,
  insertUser,
  MINUTE,
  request,
  type SeededUser,
} from './search-data.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';

interface IssuePage {
  issues: Array<{ id: number; title: string; status: string; assignee: unknown; inbox: unknown }>;
  next: string | null;
}

/** An issue of the shop; its times are how long before the test's start, its assignee a name resolved later. */
type ShopIssue = Omit<IssueSeed, 'assigneeUserId' | 'assigneeTeamId' | 'mergedIntoId'> & {
  assignee?: 'jane' | '#backend';
  mergedInto?: string;
};

/** One issue per state the search tells apart. `merged` was merged into `checkout`: it never shows. */
const SHOP_ISSUES = {
  checkout: {
    title: "TypeError: Cannot read properties of undefined (reading 'id')",
    culprit: 'routes/checkout in checkout',
    firstSeen: 2 * HOUR,
    lastSeen: 5 * MINUTE,
    timesSeen: 340,
    usersSeen: 12,
    inboxAt: 2 * HOUR,
    releases: ['shop@1.4.2'],
    environments: ['production'],
    tags: [
      ['browser', 'Chrome 120.0'],
      ['url', 'https://shop.example/checkout?step=2'],
    ],
  },
  stripe: {
    title: 'ReferenceError: stripe is not defined',
    culprit: 'payments/charge in charge',
    level: 'fatal',
    status: 'resolved',
    firstSeen: 10 * DAY,
    lastSeen: 3 * DAY,
    timesSeen: 20,
    externalUrl: 'https://github.com/shop/shop/issues/812',
    releases: ['shop@1.3.0'],
    environments: ['production'],
  },
  slowQuery: {
    title: 'Warning: slow query used 100% of its budget',
    culprit: null,
    level: 'warning',
    status: 'ignored',
    firstSeen: 30 * DAY,
    lastSeen: 1 * HOUR,
    timesSeen: 5_000,
    usersSeen: 3,
    releases: ['shop@1.4.2'],
    environments: ['staging'],
  },
  inventory: {
    title: 'Error: timeout calling inventory_service',
    culprit: 'clients/inventory in fetchStock',
    status: 'snoozed',
    firstSeen: 5 * DAY,
    lastSeen: 4 * DAY,
    timesSeen: 90,
    usersSeen: 40,
    assignee: '#backend',
    releases: ['shop@1.4.1'],
    environments: ['production'],
  },
  cart: {
    title: "TypeError: Cannot read properties of null (reading 'items')",
    culprit: 'routes/cart in addToCart',
    substatus: 'ongoing',
    firstSeen: 3 * DAY,
    lastSeen: 30 * MINUTE,
    timesSeen: 150,
    usersSeen: 30,
    assignee: 'jane',
    inboxAt: 3 * DAY,
    reviewedAt: 2 * DAY,
    releases: ['shop@1.4.2-beta.1'],
    environments: ['production'],
    tags: [
      ['browser', 'Firefox 119.0'],
      ['feature:flag', 'new-cart'],
    ],
  },
  merged: {
    title: "TypeError: Cannot read properties of undefined (reading 'id')",
    firstSeen: HOUR,
    lastSeen: MINUTE,
    timesSeen: 7,
    mergedInto: 'checkout',
  },
} satisfies Record<string, ShopIssue>;
type IssueName = keyof typeof SHOP_ISSUES;

const TIMES = ['firstSeen', 'lastSeen', 'inboxAt', 'reviewedAt'] as const;

describe.each(testDialects)('issue search on %s', (dialect) => {
  let vigie: RunningVigie;
  let jane: SeededUser;
  const now = Date.now();
  const ids = {} as Record<IssueName, number>;

  beforeAll(async () => {
    vigie = await startVigie(dialect);
    const db = vigie.app.vigie.database.db;
    const p = vigie.projectId;
    jane = await insertUser(db, 'jane.triager@shop.example', [[p, 'member']]);
    const backend = await insertTeam(db, 'backend', [jane.id]);
    for (const [name, issue] of Object.entries(SHOP_ISSUES) as Array<[IssueName, ShopIssue]>) {
      const { assignee, mergedInto, ...seed } = issue;
      for (const key of TIMES) {
        const ago = seed[key];
        if (typeof ago === 'number') seed[key] = now - ago;
      }
      ids[name] = await insertIssue(db, p, {
        ...seed,
        assigneeUserId: assignee === 'jane' ? jane.id : null,
        assigneeTeamId: assignee === '#backend' ? backend : null,
        mergedIntoId: mergedInto ? ids[mergedInto as IssueName] : null,
      });
    }
    const customer = { projectId: p, userId: '4711', userEmail: 'jane.doe+shop@example.com' };
    await insertEvent(db, { ...customer, issueId: ids.checkout, timestamp: now - 10 * MINUTE });
    await insertEvent(db, { ...customer, issueId: ids.inventory, timestamp: now - 4 * DAY });
    await insertEvent(db, {
      projectId: p,
      issueId: ids.cart,
      timestamp: now - HOUR,
      userId: '4712',
      userEmail: 'max@example.org',
    });
  });
  afterAll(async () => {
    await vigie?.stop();
  });

  const search = async (query: string, extra = '', token = vigie.token) => {
    const path = `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent(query)}${extra}`;
    return request<
      IssuePage & { error: { code: string; message: string; details: Record<string, unknown> } }
    >(vigie, token, 'GET', path);
  };
  const titlesOf = async (query: string, extra = '', token = vigie.token) => {
    const { status, body } = await search(query, extra, token);
    expect(status, JSON.stringify(body)).toBe(200);
    return body.issues.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);
  };

  it('lists every status, newest first, without merged issues when no query is given', async () => {
    expect(await titlesOf('')).toEqual(['checkout', 'cart', 'slowQuery', 'stripe', 'inventory']);
  });

  it('finds issues by status, assignment, link and inbox', async () => {
    expect(await titlesOf('is:unresolved')).toEqual(['checkout', 'cart']);
    expect(await titlesOf('is:resolved')).toEqual(['stripe']);
    expect(await titlesOf('is:ignored')).toEqual(['slowQuery']);
    expect(await titlesOf('is:snoozed')).toEqual(['inventory']);
    expect(await titlesOf('is:assigned')).toEqual(['cart', 'inventory']);
    expect(await titlesOf('is:unassigned')).toEqual(['checkout', 'slowQuery', 'stripe']);
    expect(await titlesOf('is:linked')).toEqual(['stripe']);
    expect(await titlesOf('is:unlinked is:unresolved')).toEqual(['checkout', 'cart']);
    // cart entered the inbox but was reviewed since.
    expect(await titlesOf('is:inbox')).toEqual(['checkout']);
  });

  it('finds issues by assignee: me, an email, a team, none, and their negations', async () => {
    expect(await titlesOf('assigned:me', '', jane.token)).toEqual(['cart']);
    const { body } = await search('assigned:me', '', jane.token);
    expect(body.issues[0]).toMatchObject({ assignee: { type: 'user', email: 'jane.triager@shop.example' } });
    expect(await titlesOf('assigned:JANE.TRIAGER@shop.example')).toEqual(['cart']);
    expect(await titlesOf('assigned:#backend')).toEqual(['inventory']);
    expect(await titlesOf('assigned:[me, #backend]', '', jane.token)).toEqual(['cart', 'inventory']);
    expect(await titlesOf('assigned:none')).toEqual(['checkout', 'slowQuery', 'stripe']);
    // Unassigned issues are not assigned to jane: the negation keeps them.
    expect(await titlesOf('!assigned:me', '', jane.token)).toEqual([
      'checkout',
      'slowQuery',
      'stripe',
      'inventory',
    ]);
  });

  it('matches release and environment exactly or with wildcards, and negated', async () => {
    expect(await titlesOf('release:shop@1.4.2')).toEqual(['checkout', 'slowQuery']);
    expect(await titlesOf('release:shop@1.4.*')).toEqual(['checkout', 'cart', 'slowQuery', 'inventory']);
    expect(await titlesOf('release:[shop@1.3.0, *beta*]')).toEqual(['cart', 'stripe']);
    expect(await titlesOf('!environment:staging is:unresolved')).toEqual(['checkout', 'cart']);
    expect(await titlesOf('environment:PROD*')).toEqual(['checkout', 'cart', 'stripe', 'inventory']);
  });

  it('matches any tag named in brackets, as the tag breakdown links to it', async () => {
    expect(await titlesOf('tags[browser]:"Chrome 120.0"')).toEqual(['checkout']);
    expect(await titlesOf('tags[browser]:firefox*')).toEqual(['cart']);
    expect(await titlesOf('tags[url]:"https://shop.example/checkout?step=2"')).toEqual(['checkout']);
    expect(await titlesOf('tags[feature:flag]:new-cart')).toEqual(['cart']);
    expect(await titlesOf('!tags[browser]:[Chrome*, Firefox*] is:unresolved')).toEqual([]);
    expect(await titlesOf('tags[browser]:Safari')).toEqual([]);
  });

  it('treats LIKE wildcards typed in a value as plain characters', async () => {
    expect(await titlesOf('"100%"')).toEqual(['slowQuery']);
    expect(await titlesOf('inventory_service')).toEqual(['inventory']);
    expect(await titlesOf('inventory_s*')).toEqual([]);
    expect(await titlesOf('release:shop_1.4*')).toEqual([]);
  });

  it('filters on level, counts, users and time ranges', async () => {
    expect(await titlesOf('level:[fatal, warning]')).toEqual(['slowQuery', 'stripe']);
    expect(await titlesOf('timesSeen:>100')).toEqual(['checkout', 'cart', 'slowQuery']);
    expect(await titlesOf('timesSeen:<=20')).toEqual(['stripe']);
    expect(await titlesOf('users:>=30')).toEqual(['cart', 'inventory']);
    expect(await titlesOf('has:user')).toEqual(['checkout', 'cart', 'slowQuery', 'inventory']);
    expect(await titlesOf('!has:user')).toEqual(['stripe']);
    expect(await titlesOf('age:-24h')).toEqual(['checkout']);
    expect(await titlesOf('firstSeen:+7d')).toEqual(['slowQuery', 'stripe']);
    expect(await titlesOf('lastSeen:-1h')).toEqual(['checkout', 'cart']);
  });

  it('finds the issues a customer hit, by user id or email, exactly or with a wildcard', async () => {
    expect(await titlesOf('user.id:4711')).toEqual(['checkout', 'inventory']);
    expect(await titlesOf('user.email:"jane.doe+shop@example.com"')).toEqual(['checkout', 'inventory']);
    expect(await titlesOf('user.email:*@example.org')).toEqual(['cart']);
    expect(await titlesOf('user.id:[4711, 4712] is:unresolved')).toEqual(['checkout', 'cart']);
    expect(await titlesOf('!user.id:4711 has:user')).toEqual(['cart', 'slowQuery']);
  });

  it('searches free text in title and culprit, case-insensitively, every word ANDed', async () => {
    expect(await titlesOf('typeerror')).toEqual(['checkout', 'cart']);
    expect(await titlesOf('TypeError addToCart')).toEqual(['cart']);
    expect(await titlesOf('"reading \'id\'"')).toEqual(['checkout']);
    // slowQuery has no culprit: negating a culprit match still keeps it.
    expect(await titlesOf('!checkout !charge')).toEqual(['cart', 'slowQuery', 'inventory']);
  });

  it('finds text inside words, text shorter than a trigram, and text with quotes', async () => {
    expect(await titlesOf('ypeErr')).toEqual(['checkout', 'cart']);
    expect(await titlesOf('dd')).toEqual(['cart']);
    expect(await titlesOf('!dd is:unresolved')).toEqual(['checkout']);
    expect(await titlesOf('"(reading \\"id\\")"')).toEqual([]);
    expect(await titlesOf('"of undefined (reading"')).toEqual(['checkout']);
  });

  it('keeps the text index in step when the title of an issue changes', async () => {
    const db = vigie.app.vigie.database.db;
    const setTitle = (title: string) =>
      db.updateTable('issues').set({ title }).where('id', '=', ids.stripe).execute();
    await setTitle('RangeError: Invalid array length');
    try {
      expect(await titlesOf('"invalid array"')).toEqual(['stripe']);
      expect(await titlesOf('stripe')).toEqual([]);
    } finally {
      await setTitle(SHOP_ISSUES.stripe.title);
    }
    expect(await titlesOf('stripe')).toEqual(['stripe']);
  });

  it('keeps the separate status, level, release and environment parameters, ANDed with the query', async () => {
    expect(await titlesOf('', '&status=unresolved')).toEqual(['checkout', 'cart']);
    expect(await titlesOf('TypeError', '&status=unresolved&release=shop%401.4.2')).toEqual(['checkout']);
    expect(await titlesOf('', '&level=fatal&environment=production')).toEqual(['stripe']);
  });

  it('sorts by last seen, first seen, events and users, paging each with its cursor', async () => {
    const orders: Record<string, string[]> = {
      lastSeen: ['checkout', 'cart', 'slowQuery', 'stripe', 'inventory'],
      firstSeen: ['checkout', 'cart', 'inventory', 'stripe', 'slowQuery'],
      events: ['slowQuery', 'checkout', 'cart', 'inventory', 'stripe'],
      freq: ['slowQuery', 'checkout', 'cart', 'inventory', 'stripe'],
      users: ['inventory', 'cart', 'checkout', 'slowQuery', 'stripe'],
    };
    for (const [sort, expected] of Object.entries(orders)) {
      const seen: Array<string | undefined> = [];
      let cursor = '';
      for (let pages = 0; pages < 5; pages++) {
        const { body } = await search('', `&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...body.issues.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]));
        if (!body.next) break;
        cursor = body.next;
      }
      expect(seen, sort).toEqual(expected);
    }
  });

  it('answers 400 naming the position and what was expected for a malformed query', async () => {
    const { status, body } = await search('is:unresolved lastSeen:24h');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_search');
    expect(body.error.message).toContain('position 23');
    expect(body.error.details).toMatchObject({ position: 23 });
    const unknownKey = await search('is:unresolved colour:red');
    expect(unknownKey.body.error.message).toContain("Unknown search key 'colour' at position 14");
    const sort = await search('', '&sort=priority');
    expect(sort.status).toBe(400);
    expect(sort.body.error.code).toBe('invalid_sort');
  });

  it('answers 400 for an assignee that does not exist, and for assigned:me without a user', async () => {
    const email = await search('is:unresolved assigned:nobody@shop.example');
    expect(email.status).toBe(400);
    expect(email.body.error.message).toContain("No user has the email 'nobody@shop.example'");
    expect(email.body.error.details).toMatchObject({ position: 14 });
    expect((await search('assigned:#frontend')).body.error.message).toContain(
      "No team is called '#frontend'",
    );
    const me = await search('assigned:me');
    expect(me.status).toBe(400);
    expect(me.body.error.message).toContain('belongs to no user');
  });
});
