// Ownership over HTTP, on SQLite and PostgreSQL: rules read (or refused with line, column and what was
// expected), unknown owners reported, suggested owners computed by the ownership job with the rule and
// what it matched, recomputed when rules change, CODEOWNERS imported (pasted or from GitHub) with a
// mapping of handles, auto-assignment recorded as done by the rule, and `owner:` in search and the inbox.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOwnershipJob } from '../src/ownership/ownership-job.ts';
import { setMember } from '../src/teams/members.repository.ts';
import { addTeamMember, createTeam } from '../src/teams/teams.repository.ts';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';
import { addMember, type Member, request } from './triage-fixtures.ts';

const GITHUB_TOKEN = 'github_pat_11OWNERSHIP0123456789_test';

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; details?: Record<string, unknown> };
};

interface Suggestion {
  owners: { type: string; label: string; id: number | null; name: string | null }[];
  rule: { text: string; source: string; line: number };
  field: string;
  value: string;
  explanation: string;
}

describe.each(testDialects)('ownership on %s', (dialect) => {
  let vigie: RunningVigie;
  let github: FakeGithub;
  let ana: Member;
  let bob: Member;
  const issues: Record<'invoice' | 'checkout', number> = { invoice: 0, checkout: 0 };

  const db = () => vigie.app.vigie.database.db;
  const api = (method: string, path: string, body?: unknown, token = vigie.token) =>
    request<Body>(vigie, token, method, path, body);
  const ownershipUrl = (rest = '') => `/api/v1/projects/${vigie.projectId}/ownership${rest}`;
  const runJob = () => runOwnershipJob(db(), { nowMs: Date.now() });
  const ownersOf = async (issueId: number) =>
    (await api('GET', `/api/v1/issues/${issueId}/owners`)).body as {
      mode: string;
      suggestion: Suggestion | null;
    };
  const search = async (query: string) => {
    const answer = await api(
      'GET',
      `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent(query)}`,
    );
    expect(answer.status).toBe(200);
    return (answer.body.issues as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
  };
  const key = () => new URL(vigie.dsn).username;
  const throwFrom = (file: string, fn: string, extra: Record<string, unknown> = {}) => ({
    ...errorEvent({ file, fn, type: `${fn}Error`, value: `failed in ${fn}` }),
    ...extra,
  });

  beforeAll(async () => {
    const env: Record<string, string> =
      dialect === 'postgres' ? { VIGIE_SECRET_KEY: randomBytes(32).toString('hex') } : {};
    vigie = await startVigie(dialect, env);
    github = await startFakeGithub({ token: GITHUB_TOKEN, repositories: ['acme/shop'] });
    ana = await addMember(db(), 'ana@example.com', 'member', vigie.projectId, ['read', 'triage']);
    bob = await addMember(db(), 'bob@example.com', 'member', vigie.projectId, ['read', 'triage']);
    const billing = await createTeam(db(), 'Billing', 'billing');
    const shop = await createTeam(db(), 'Shop', 'shop');
    await createTeam(db(), 'Elsewhere', 'elsewhere');
    await setMember(db(), vigie.projectId, { teamId: billing.id }, 'member');
    await setMember(db(), vigie.projectId, { teamId: shop.id }, 'member');
    await addTeamMember(db(), billing.id, ana.userId);
    await sendEvents(vigie, vigie.projectId, key(), [
      throwFrom('/srv/shop/billing/invoice.js', 'chargeInvoice'),
      throwFrom('/srv/shop/routes/checkout.js', 'placeOrder', {
        tags: { route: '/checkout', feature: 'cart' },
      }),
    ]);
    const list = await api('GET', `/api/v1/projects/${vigie.projectId}/issues`);
    for (const issue of list.body.issues as { id: number; title: string }[]) {
      issues[issue.title.startsWith('chargeInvoice') ? 'invoice' : 'checkout'] = issue.id;
    }
    expect(issues.invoice).toBeGreaterThan(0);
    expect(issues.checkout).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await github?.close();
    await vigie?.stop();
  });

  it('refuses bad rules with the line, the column and what was expected, and saves nothing', async () => {
    const answer = await api('PUT', ownershipUrl(), {
      rules: '# ok\npath:billing/** #billing\nmodule: #shop\nfile:x #shop',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_ownership_rules',
      message: "Missing pattern at line 3, column 8: expected a pattern after 'module:' (and 1 more problem)",
      details: {
        line: 3,
        column: 8,
        expected: "a pattern after 'module:'",
        source: 'rules',
        problems: [
          expect.objectContaining({ line: 3, column: 8 }),
          expect.objectContaining({
            line: 4,
            column: 1,
            expected: expect.stringContaining('a matcher kind'),
          }),
        ],
      },
    });
    expect((await api('GET', ownershipUrl())).body).toMatchObject({ rules: '', mode: 'suggest' });
  });

  it('only those who manage the project change its rules', async () => {
    const answer = await api('PUT', ownershipUrl(), { rules: 'path:** #shop' }, ana.token);
    expect(answer.status).toBe(403);
    expect((await api('GET', ownershipUrl(), undefined, ana.token)).status).toBe(200);
  });

  it('saves rules, reports unknown owners, and suggests owners with the rule and what matched', async () => {
    const saved = await api('PUT', ownershipUrl(), {
      rules: [
        '# The last matching rule wins',
        'path:/srv/shop/** #shop',
        'path:billing/** #billing nobody@example.com #elsewhere',
        'tags.feature:cart bob@example.com',
      ].join('\n'),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.recomputing).toBe(true);
    expect(saved.body.unknownOwners).toEqual([
      {
        owner: 'nobody@example.com',
        source: 'rules',
        line: 3,
        column: 26,
        reason: 'no active user has this email',
      },
      {
        owner: '#elsewhere',
        source: 'rules',
        line: 3,
        column: 45,
        reason: 'this team has no access to the project',
      },
    ]);

    await runJob();
    expect((await api('GET', ownershipUrl())).body.recomputing).toBe(false);
    const invoice = await ownersOf(issues.invoice);
    expect(invoice.suggestion).toMatchObject({
      owners: [
        { type: 'team', label: '#billing', name: 'Billing' },
        { type: 'unknown', label: 'nobody@example.com' },
        { type: 'unknown', label: '#elsewhere' },
      ],
      rule: { text: 'path:billing/** #billing nobody@example.com #elsewhere', source: 'rules', line: 3 },
      field: 'path',
      value: '/srv/shop/billing/invoice.js',
      explanation:
        'owned by #billing, nobody@example.com, #elsewhere: /srv/shop/billing/invoice.js matched `path:billing/**`',
    });
    const checkout = await ownersOf(issues.checkout);
    expect(checkout.suggestion).toMatchObject({
      owners: [{ type: 'user', label: 'bob@example.com', id: bob.userId }],
      field: 'tags.feature',
      value: 'cart',
      explanation: 'owned by bob@example.com: tags.feature cart matched `tags.feature:cart`',
    });
    const batch = await api(
      'GET',
      `${ownershipUrl('/suggestions')}?ids=${issues.invoice},${issues.checkout},999999`,
    );
    expect((batch.body.suggestions as { issueId: number }[]).map((s) => s.issueId).sort()).toEqual(
      [issues.invoice, issues.checkout].sort(),
    );
  });

  it('searches by suggested owner: #team, email, me (with my teams) and none', async () => {
    expect(await search('owner:#billing')).toEqual([issues.invoice]);
    expect(await search('owner:bob@example.com')).toEqual([issues.checkout]);
    expect(await search('owner:[#billing, bob@example.com]')).toEqual(
      [issues.invoice, issues.checkout].sort((a, b) => a - b),
    );
    expect(await search('!owner:none')).toEqual([issues.invoice, issues.checkout].sort((a, b) => a - b));
    expect(await search('owner:none')).toEqual([]);
    const mine = await request<Body>(
      vigie,
      ana.token,
      'GET',
      `/api/v1/projects/${vigie.projectId}/issues?query=${encodeURIComponent('owner:me')}`,
    );
    expect((mine.body.issues as { id: number }[]).map((i) => i.id)).toEqual([issues.invoice]);
    const typo = await api('GET', `/api/v1/projects/${vigie.projectId}/issues?query=owner:%23biling`);
    expect(typo.status).toBe(400);
    expect(typo.body.error?.message).toContain("No team is called '#biling'");
  });

  it('filters the inbox by owner and orders it by owner, page by page', async () => {
    const inbox = (params: string) => api('GET', `/api/v1/projects/${vigie.projectId}/inbox?${params}`);
    const filtered = await inbox(`query=${encodeURIComponent('owner:#billing')}`);
    expect((filtered.body.issues as { id: number }[]).map((i) => i.id)).toEqual([issues.invoice]);
    // '#billing' sorts before 'bob@example.com'.
    const first = await inbox('order=owner&limit=1');
    expect((first.body.issues as { id: number }[]).map((i) => i.id)).toEqual([issues.invoice]);
    const second = await inbox(`order=owner&limit=1&cursor=${first.body.next}`);
    expect((second.body.issues as { id: number }[]).map((i) => i.id)).toEqual([issues.checkout]);
    expect(second.body.next).toBeNull();
  });

  it('recomputes every issue when the rules change; a preview tries rules without saving them', async () => {
    const preview = await api('POST', ownershipUrl('/preview'), {
      issueId: issues.checkout,
      rules: 'culprit:placeOrder* #shop\nurl:*/nowhere #billing',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.suggestion).toMatchObject({
      owners: [{ type: 'team', label: '#shop' }],
      field: 'culprit',
      rule: { line: 1 },
    });
    const badPreview = await api('POST', ownershipUrl('/preview'), {
      issueId: issues.checkout,
      rules: 'path:x',
    });
    expect(badPreview.body.error?.details).toMatchObject({ line: 1, column: 8 });
    expect((await ownersOf(issues.checkout)).suggestion?.owners[0]?.label).toBe('bob@example.com');

    await api('PUT', ownershipUrl(), { rules: 'path:/srv/shop/** #shop' });
    await runJob();
    expect((await ownersOf(issues.invoice)).suggestion?.owners.map((o) => o.label)).toEqual(['#shop']);
    expect((await ownersOf(issues.checkout)).suggestion?.owners.map((o) => o.label)).toEqual(['#shop']);
  });

  it('imports CODEOWNERS, maps GitHub handles, and lets hand-written rules override it', async () => {
    const pasted = await api('POST', ownershipUrl('/codeowners'), {
      source: 'paste',
      text: '*  @acme/platform\nbilling/  @acme/billing\n',
    });
    expect(pasted.status).toBe(200);
    expect(pasted.body.unmappedHandles).toEqual(['@acme/billing', '@acme/platform']);
    expect(pasted.body.codeowners).toMatchObject({ origin: { kind: 'paste' }, ruleCount: 2 });
    const bad = await api('PUT', ownershipUrl('/handles'), {
      handles: [{ handle: '@acme/billing', team: 'elsewhere' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('#elsewhere has no access');
    const mapped = await api('PUT', ownershipUrl('/handles'), {
      handles: [
        { handle: '@acme/billing', team: 'billing' },
        { handle: '@acme/platform', user: 'ana@example.com' },
      ],
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body.unmappedHandles).toEqual([]);
    // The hand-written rule comes after the file: it wins where both match.
    await api('PUT', ownershipUrl(), { rules: 'path:routes/** #shop' });
    await runJob();
    expect((await ownersOf(issues.invoice)).suggestion).toMatchObject({
      owners: [{ type: 'team', label: '@acme/billing', name: 'Billing' }],
      rule: { source: 'codeowners', line: 2 },
      explanation:
        'owned by @acme/billing: /srv/shop/billing/invoice.js matched `billing/` (CODEOWNERS line 2)',
    });
    expect((await ownersOf(issues.checkout)).suggestion).toMatchObject({
      rule: { source: 'rules', line: 1 },
    });
  });

  it('reads CODEOWNERS from the GitHub repository, and again to refresh it', async () => {
    const noGithub = await api('POST', ownershipUrl('/codeowners'), { source: 'github' });
    expect(noGithub.body.error?.code).toBe('github_not_configured');
    await api('PUT', `/api/v1/projects/${vigie.projectId}/github`, {
      apiBaseUrl: github.url,
      repository: 'acme/shop',
      token: GITHUB_TOKEN,
    });
    const missing = await api('POST', ownershipUrl('/codeowners'), { source: 'github' });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toBe(
      'No CODEOWNERS file in acme/shop at .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; give its path, or paste the file instead',
    );
    github.files.set('acme/shop:.github/CODEOWNERS', 'routes/ @acme/platform\n');
    const fetched = await api('POST', ownershipUrl('/codeowners'), { source: 'github' });
    expect(fetched.status).toBe(200);
    expect(fetched.body.codeowners).toMatchObject({
      text: 'routes/ @acme/platform\n',
      origin: { kind: 'github', repository: 'acme/shop', path: '.github/CODEOWNERS' },
    });
    github.files.set('acme/shop:.github/CODEOWNERS', 'routes/ @acme/platform\nbilling/ @new-hire\n!x @a\n');
    const refused = await api('POST', ownershipUrl('/codeowners'), { source: 'github' });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.details).toMatchObject({ source: 'codeowners', line: 3, column: 1 });
    github.files.set('acme/shop:.github/CODEOWNERS', 'routes/ @acme/platform\nbilling/ @new-hire\n');
    const refreshed = await api('POST', ownershipUrl('/codeowners'), { source: 'github' });
    expect(refreshed.body.unmappedHandles).toEqual(['@new-hire']);
    expect(refreshed.body.unknownOwners).toEqual([
      expect.objectContaining({ owner: '@new-hire', source: 'codeowners', line: 2, column: 10 }),
    ]);
    const removed = await api('DELETE', ownershipUrl('/codeowners'));
    expect(removed.body.codeowners).toMatchObject({ text: '', origin: null, ruleCount: 0 });
  });

  it('auto mode assigns new and regressed issues to the suggested owner, as done by the rule', async () => {
    await api('PUT', ownershipUrl(), {
      mode: 'auto',
      rules: 'path:billing/** #billing\npath:payments/** bob@example.com',
    });
    await runJob();
    // Existing issues keep their (absent) assignee: auto-assignment is for issues that arrive.
    await sendEvents(vigie, vigie.projectId, key(), [
      throwFrom('/srv/shop/payments/refund.js', 'refundCard'),
    ]);
    await runJob();
    const found = await search('owner:bob@example.com');
    expect(found).toHaveLength(1);
    const refundId = found[0]!;
    const refund = await api('GET', `/api/v1/issues/${refundId}`);
    expect(refund.body.assignee).toMatchObject({ type: 'user', id: bob.userId });
    const activity = await api('GET', `/api/v1/issues/${refundId}/activity`);
    expect(activity.body.activity).toContainEqual(
      expect.objectContaining({
        kind: 'assign',
        actor: expect.objectContaining({ type: 'rule', userId: null }),
        data: expect.objectContaining({
          assignee: `user:${bob.userId}`,
          rule: {
            text: 'path:payments/** bob@example.com',
            source: 'rules',
            line: 2,
            matcher: 'path:payments/**',
          },
        }),
      }),
    );

    // A regression of an unassigned issue is assigned too; it is then a normal assignment.
    expect((await api('POST', `/api/v1/issues/${issues.invoice}/resolve`)).status).toBe(200);
    await sendEvents(vigie, vigie.projectId, key(), [
      throwFrom('/srv/shop/billing/invoice.js', 'chargeInvoice'),
    ]);
    await runJob();
    const regressed = await api('GET', `/api/v1/issues/${issues.invoice}`);
    expect(regressed.body).toMatchObject({
      status: 'unresolved',
      assignee: { type: 'team', slug: 'billing' },
    });
    const unassigned = await api('PATCH', `/api/v1/issues/${issues.invoice}`, { assignee: null });
    expect(unassigned.status).toBe(200);
    await runJob();
    expect((await api('GET', `/api/v1/issues/${issues.invoice}`)).body.assignee).toBeNull();
  });

  it('runs as a scheduled job; off clears the suggestions', async () => {
    await api('PUT', ownershipUrl(), { mode: 'off' });
    expect(await vigie.app.vigie.jobs.runNow('ownership')).toBe('ran');
    expect(await ownersOf(issues.invoice)).toEqual({ mode: 'off', suggestion: null, computedAt: null });
    expect(await search('owner:none')).toHaveLength(3);
  });
});
