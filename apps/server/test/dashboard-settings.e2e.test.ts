// The settings pages in real Chromium, as the people who use them go through them: the owner creates a
// DSN key and copies its setup snippet, limits it and revokes it; gives a colleague a role; sets up
// GitHub against the local stand-in (and an issue gets filed with it); makes a team; changes their
// password and makes and revokes an API token; creates a support person's account, who then signs in.
// A member without `manage` sees the settings but none of their controls. Every page passes axe-core,
// and is saved at 1280×800 and 390×844, light and dark, in screenshots/.

import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, call, login } from './auth-fixtures.ts';
import { type FakeGithub, startFakeGithub } from './github-fake.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import {
  dashboardBrowser,
  type PageWatch,
  screenshotBothSizes,
  seriousAxeViolations,
  watchPage,
} from './support/browser.ts';
import { testDialects } from './support/databases.ts';
import { errorEvent, sendEvents } from './support/events.ts';

const OWNER = { email: 'owner@example.com', password: 'a long enough password' };
const NEW_PASSWORD = 'another long password';
const MEMBER = { email: 'mia@example.com', password: 'mia’s long password' };
const SUPPORT = { email: 'sol@example.com', password: 'sol’s long password' };
const GITHUB_TOKEN = 'github_pat_settings_e2e';

interface ApiKey {
  id: number;
  label: string;
  dsn: string;
  publicKey: string;
  rateLimitPerMinute: number | null;
  revokedAt: string | null;
}

const browser = dashboardBrowser();

describe.each(testDialects)('the settings pages on %s', (dialect) => {
  let vigie: RunningVigie;
  let github: FakeGithub;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    // PostgreSQL keeps secrets at rest only with a configured key (the GitHub token).
    vigie = await startVigie(dialect, { VIGIE_SECRET_KEY: 'ab'.repeat(32) }, { listen: true });
    github = await startFakeGithub({ token: GITHUB_TOKEN, repositories: ['acme/shop'] });
    const { database } = vigie.app.vigie;
    await addUser(database, { ...OWNER, isAdmin: true });
    await addUser(database, { ...MEMBER, role: 'member', projectId: vigie.projectId });
    await addUser(database, { email: 'sam@example.com' });
    context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vigie.baseUrl });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page, vigie.baseUrl);
    await signIn(page, OWNER.email, OWNER.password);
  });
  afterAll(async () => {
    await context?.close();
    await github?.close();
    await vigie?.stop();
  });

  const heading = (name: string | RegExp, on = page) => on.getByRole('heading', { level: 1, name });
  const settingsUrl = () => `${vigie.baseUrl}/projects/${vigie.projectId}/settings`;
  const keys = async () =>
    (await vigie.api<{ keys: ApiKey[] }>(`/api/v1/projects/${vigie.projectId}/keys`)).keys;

  async function signIn(on: Page, email: string, password: string): Promise<void> {
    await on.goto(`${vigie.baseUrl}/login`);
    await on.getByLabel('Email').fill(email);
    await on.getByLabel('Password').fill(password);
    await on.getByRole('button', { name: 'Log in' }).click();
    await heading('Projects', on).waitFor();
  }

  async function expectCleanAndAccessible(on = page, pageWatch = watch): Promise<void> {
    expect(pageWatch.dialogs).toEqual([]);
    expect(pageWatch.foreignRequests).toEqual([]);
    expect(await pageWatch.cspViolations()).toEqual([]);
    expect(await seriousAxeViolations(on)).toEqual([]);
  }

  const clipboard = () => page.evaluate<string>('navigator.clipboard.readText()');

  it('reaches a project’s settings from the top bar and the settings page', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await heading('Settings').waitFor();
    await page.getByRole('link', { name: 'Users' }).waitFor();
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings`);
    await page.getByRole('link', { name: 'Default' }).click();
    await heading('Default: settings').waitFor();
    // The account menu holds the account, teams and (for administrators) users.
    await page.locator('.user-menu summary').click();
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Users' }).waitFor();
    await page.locator('.user-menu summary').click();
  });

  it('creates a DSN key and copies its setup snippet, which carries the new DSN', async () => {
    await page.goto(settingsUrl());
    await heading('Default: settings').waitFor();
    await page.getByLabel('New key’s label').fill('Web shop, browser');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('status').filter({ hasText: 'Key “Web shop, browser” created' }).waitFor();
    const created = (await keys()).find((k) => k.label === 'Web shop, browser');
    expect(created).toMatchObject({ rateLimitPerMinute: null, revokedAt: null });
    const card = page.locator('.key-card', { hasText: 'Web shop, browser' });
    await card.getByText(created!.dsn).waitFor();

    // The new key is the one the snippets show; each SDK's tab has its own.
    await expect(page.getByLabel('Key', { exact: true }).inputValue()).resolves.toBe(String(created!.id));
    await page.getByRole('tab', { name: 'Python' }).click();
    await page.getByRole('tabpanel').getByText('sentry_sdk.init(').waitFor();
    await page.getByRole('button', { name: 'Copy the Python snippet' }).click();
    await page.getByRole('tabpanel').getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await clipboard()).toBe(`import sentry_sdk\n\nsentry_sdk.init(\n    dsn="${created!.dsn}",\n)`);
    await page.getByRole('tab', { name: 'Browser (npm)' }).click();
    await page.getByRole('button', { name: 'Copy the DSN of Web shop, browser' }).click();
    expect(await clipboard()).toBe(created!.dsn);

    // The DSN works: an event sent with it is accepted.
    await sendEvents(vigie, vigie.projectId, created!.publicKey, [errorEvent({ type: 'TypeError' })]);
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-keys`);
  });

  it('sets a key’s rate limit, and revokes it after asking', async () => {
    const card = page.locator('.key-card', { hasText: 'Web shop, browser' });
    await card.getByLabel('Events per minute').fill('600');
    await card.getByRole('button', { name: 'Save limit' }).click();
    await card.getByText('600 events / minute').waitFor();
    expect((await keys()).find((k) => k.label === 'Web shop, browser')?.rateLimitPerMinute).toBe(600);

    await card.getByRole('button', { name: 'Revoke key Web shop, browser' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Revoke the key “Web shop, browser”?' });
    await dialog.getByText('stops being heard').waitFor();
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-revoke`);
    await dialog.getByRole('button', { name: 'Revoke the key' }).click();
    await card.getByText('revoked').waitFor();
    expect((await keys()).find((k) => k.label === 'Web shop, browser')?.revokedAt).not.toBeNull();
    // A revoked key has no controls left, and the snippets show the remaining key.
    expect(await card.getByRole('button').count()).toBe(1); // its DSN's copy button
    expect(await page.getByLabel('Key', { exact: true }).count()).toBe(0);
  });

  it('gives a user a role, changes it, and gives a team one', async () => {
    const members = page.locator('#members');
    await members.getByLabel('Email of their Vigie account').fill('sam@example.com');
    await members.getByLabel('Role', { exact: true }).selectOption('support');
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await members.getByRole('status').filter({ hasText: 'is now Support' }).waitFor();
    await members.getByLabel('Role of sam').selectOption('viewer');
    const memberList = async () =>
      (
        await vigie.api<{ members: Array<{ role: string; user: { email: string } | null }> }>(
          `/api/v1/projects/${vigie.projectId}/members`,
        )
      ).members;
    await expect
      .poll(async () => (await memberList()).find((m) => m.user?.email === 'sam@example.com')?.role)
      .toBe('viewer');
    await members.locator('.role-help').getByText('looks up what a customer hit').waitFor();
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-members`);

    await members.getByRole('button', { name: 'Remove sam' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await members.getByLabel('Role of sam').waitFor({ state: 'detached' });
    expect((await memberList()).some((m) => m.user?.email === 'sam@example.com')).toBe(false);
  });

  it('makes a team with a member, then gives the team a role on the project', async () => {
    await page.goto(`${vigie.baseUrl}/settings/teams`);
    await heading('Teams').waitFor();
    await page.getByLabel('New team’s name').fill('Checkout squad');
    await page.getByRole('button', { name: 'Create team' }).click();
    const team = page.locator('.team-card', { hasText: 'Checkout squad' });
    await team.getByLabel('Add a member by email').fill('sam@example.com');
    await team.getByRole('button', { name: 'Add to Checkout squad' }).click();
    await team.getByText('sam@example.com').waitFor();
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-teams`);

    await page.goto(settingsUrl());
    const members = page.locator('#members');
    await members.getByLabel('A team').check();
    await members.getByLabel('Team', { exact: true }).selectOption('checkout-squad');
    await members.getByLabel('Role', { exact: true }).selectOption('member');
    await members.getByRole('button', { name: 'Add', exact: true }).click();
    await members.getByLabel('Role of Checkout squad (team)').waitFor();
  });

  it('sets up GitHub against the stand-in, which then takes a filed issue', async () => {
    const section = page.locator('#github');
    await section.getByText('Not configured').waitFor();
    await section.getByLabel('Repository', { exact: true }).fill('acme/shop');
    await section.getByLabel('API base URL', { exact: true }).fill(github.url);
    await section.getByLabel('Token', { exact: true }).fill(GITHUB_TOKEN);
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByRole('status').filter({ hasText: 'issues are filed in acme/shop' }).waitFor();
    await section.locator('.github-facts').getByText('acme/shop').waitFor();
    // Write-only: the token is said to be set, never shown, and gone from the form.
    await expect(section.getByLabel('Token', { exact: true }).inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain(GITHUB_TOKEN);
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-github`);

    const issues = await vigie.api<{ issues: Array<{ id: number }> }>(
      `/api/v1/projects/${vigie.projectId}/issues?query=`,
    );
    const filed = await call<{ repository: string }>(
      vigie,
      'POST',
      `/api/v1/issues/${issues.issues[0]!.id}/github`,
      {
        bearer: vigie.token,
        body: {},
      },
    );
    expect(filed.status).toBe(201);
    expect(github.received.map((r) => `${r.owner}/${r.repo}`)).toEqual(['acme/shop']);
    expect(github.received[0]!.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
  });

  it('changes the password, which signs out the other sessions', async () => {
    const elsewhere = await login(vigie, OWNER.email, OWNER.password);
    await page.goto(`${vigie.baseUrl}/account`);
    await heading('Your account').waitFor();
    await page.getByLabel('Current password').fill(OWNER.password);
    await page.getByLabel(/^New password \(at least/).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Password changed. 1 other session was signed out.' })
      .waitFor();
    expect((await call(vigie, 'GET', '/api/v1/auth/me', { cookie: elsewhere.cookie })).status).toBe(401);
    // This browser stays signed in.
    await page.reload();
    await heading('Your account').waitFor();
  });

  it('creates a token limited to a project, shows its secret once, and revokes it', async () => {
    await page.getByLabel('Name', { exact: true }).fill('deploy pipeline');
    await page.getByLabel(/^triage/).check();
    await page.getByLabel('Only these:').check();
    await page.getByLabel('Default', { exact: true }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.locator('.token-secret');
    await secret.getByText('Copy the token “deploy pipeline” now.').waitFor();
    await secret.getByRole('button', { name: 'Copy the new token' }).click();
    const token = await clipboard();
    expect(token).toMatch(/\S{20,}/);
    const me = await call<{ scopes: string[]; projects: number[] }>(vigie, 'GET', '/api/v1/auth/me', {
      bearer: token,
    });
    expect(me.body).toMatchObject({ scopes: ['triage'], projects: [vigie.projectId] });
    const row = page.getByRole('row', { name: /deploy pipeline/ });
    await row.getByText('Default').waitFor();
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-account`);

    await secret.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.content()).not.toContain(token);
    await row.getByRole('button', { name: 'Revoke token deploy pipeline' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke the token' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await call(vigie, 'GET', '/api/v1/auth/me', { bearer: token })).status).toBe(401);
  });

  it('lets the administrator create a support person’s account, who then signs in', async () => {
    await page.goto(`${vigie.baseUrl}/admin/users`);
    await heading('Users').waitFor();
    await page.getByRole('cell', { name: /owner@example\.com/ }).waitFor();
    await page.getByLabel('Email').fill(SUPPORT.email);
    await page.getByLabel('Name').fill('Sol');
    await page.getByLabel(/^First password/).fill(SUPPORT.password);
    await page.getByLabel('Role on a project').selectOption(String(vigie.projectId));
    await page.getByLabel('Role', { exact: true }).selectOption('support');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Account created for ${SUPPORT.email}, Support on Default` })
      .waitFor();
    await page.getByRole('cell', { name: new RegExp(SUPPORT.email) }).waitFor();
    await expectCleanAndAccessible();
    await screenshotBothSizes(page, `${dialect}-settings-users`);

    const theirs = await browser().newContext({ viewport: { width: 390, height: 844 } });
    try {
      const their = await theirs.newPage();
      their.setDefaultTimeout(10_000);
      await signIn(their, SUPPORT.email, SUPPORT.password);
      await their.getByRole('link', { name: 'Default' }).first().waitFor();
      // Not an administrator: no Users link, and the page says why.
      await their.goto(`${vigie.baseUrl}/admin/users`);
      await their
        .getByRole('alert')
        .getByText('Only instance administrators see and create accounts.')
        .waitFor();
    } finally {
      await theirs.close();
    }
  });

  it('shows a member the settings without any control to change them', async () => {
    const theirs = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const their = await theirs.newPage();
      their.setDefaultTimeout(10_000);
      const theirWatch = await watchPage(their, vigie.baseUrl);
      await signIn(their, MEMBER.email, MEMBER.password);
      await their.goto(settingsUrl());
      await heading('Default: settings', their).waitFor();
      await their.getByText('You are Member on this project').waitFor();
      await their.locator('.key-card').first().waitFor();
      await their.locator('#github .github-facts').getByText('acme/shop').waitFor();
      await their
        .locator('#members')
        .getByText('Only the project’s owners and admins see and change')
        .waitFor();
      await their
        .locator('#ownership')
        .getByText('Only the project’s owners and admins change the rules.')
        .waitFor();
      const controls = [
        'Create key',
        'Save limit',
        'Revoke',
        'Add',
        'Save',
        'Remove',
        'Save rules',
        'Import',
      ];
      for (const control of controls) {
        expect(await their.getByRole('button', { name: control, exact: true }).count(), control).toBe(0);
      }
      expect(await their.getByRole('radio').count()).toBe(0);
      // The only fields: those that pick an issue to test the saved ownership rules on, which changes nothing.
      const preview = their.locator('.ownership-preview');
      expect(await their.getByRole('textbox').count()).toBe(1);
      expect(await preview.getByRole('textbox').count()).toBe(1);
      expect(await their.getByRole('combobox').count()).toBe(1);
      expect(await preview.getByRole('combobox').count()).toBe(1);
      // The SDK snippets are there for everyone: copying them is not a change.
      await their.getByRole('tab', { name: 'Go' }).click();
      await their.getByRole('tabpanel').getByText('sentry.Init(sentry.ClientOptions{').waitFor();
      await expectCleanAndAccessible(their, theirWatch);
      await screenshotBothSizes(their, `${dialect}-settings-member`);
    } finally {
      await theirs.close();
    }
  });
});
