// The deploy gate with the real tools around it, against a listening Vigie: a web app instrumented with the real
// @sentry/node SDK, release health on, ships three releases (the baseline, a healthy one, one that throws on
// 30% of its requests); the `vigie gate` binary passes the healthy one and fails the bad one (exit 0 and 1, 2
// while inconclusive, 3 for a wrong question); `vigie deploy` and the real sentry-cli (`releases deploys … new`)
// record deploy markers. Both databases.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { runNode } from './support/run-process.ts';
import { sentryCli } from './support/vite-shop.ts';

const app = fileURLToPath(new URL('./clients/sentry-node-release.ts', import.meta.url));
const bin = fileURLToPath(new URL('../bin/vigie.js', import.meta.url));

interface Health {
  releases: Array<{ version: string; sessions: number; errorEvents: number }>;
}

describe.each(testDialects)('deploy gate with @sentry/node, vigie and sentry-cli on %s', (dialect) => {
  let vigie: RunningVigie;
  const vigieCli = (args: string[], token = vigie.token) =>
    runNode([bin, ...args], { VIGIE_URL: vigie.baseUrl, VIGIE_TOKEN: token, LOG_LEVEL: 'silent' });
  const shipRelease = async (release: string, failPercent: number) => {
    const result = await runNode([app], {
      SENTRY_DSN: vigie.dsn,
      SHOP_RELEASE: release,
      FAIL_PERCENT: String(failPercent),
      REQUESTS: '600',
    });
    expect(result.code, result.stderr).toBe(0);
  };

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    await shipRelease('shop@1', 2);
    await shipRelease('shop@2', 2);
    await shipRelease('shop@3', 30);
    // Counted when it can be read back: each release's 600 request sessions and its errors. The SDK drops an
    // error that repeats the one before it (its dedupe integration), so events undercount what sessions show.
    await eventually(async () => {
      const { releases } = await vigie.api<Health>(
        `/api/v1/projects/${vigie.projectId}/release-health?period=24h`,
      );
      const byVersion = new Map(releases.map((r) => [r.version, r]));
      const done = ['shop@1', 'shop@2', 'shop@3'].every((v) => byVersion.get(v)?.sessions === 600);
      return done && (byVersion.get('shop@3')?.errorEvents ?? 0) > 0 ? releases : undefined;
    });
  }, 180_000);
  afterAll(async () => {
    await vigie?.stop();
  });

  const gate = (release: string, extra: string[] = []) =>
    vigieCli([
      'gate',
      '--project',
      String(vigie.projectId),
      '--release',
      release,
      '--baseline',
      'shop@1',
      '--environment',
      'production',
      '--window',
      '1h',
      ...extra,
    ]);

  it('passes the healthy release: exit 0', async () => {
    const result = await gate('shop@2');
    expect(result.stdout.trim()).toBe('pass');
    expect(result.code, result.stderr).toBe(0);
  });

  it('fails the release that throws on 30% of its requests: exit 1, with the reasons', async () => {
    const result = await gate('shop@3');
    expect(result.stdout.trim()).toBe('fail');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Sessions with errors: 30\.00% against 2\.00% .*Fail\./);
    expect(result.stderr).toMatch(/Crash rate: 0\.000% against 0\.000% .*Pass\./);
  });

  it('stays inconclusive while the data is too thin, asking again until the wait runs out: exit 2', async () => {
    // The idle side of a blue/green pair that nobody has used yet: staging has no sessions of shop@2.
    const result = await gate('shop@2', [
      '--environment',
      'staging',
      '--baseline-environment',
      'production',
      '--wait',
      '2s',
      '--every',
      '1s',
    ]);
    expect(result.stdout.trim()).toBe('inconclusive');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/inconclusive, asking again in 1 s: Not enough sessions yet/);
  });

  it('exits 3 when the question is wrong or the token refused, never 0, 1 or 2', async () => {
    expect((await gate('shop@3', ['--window', '10y'])).code).toBe(3);
    const refused = await vigieCli(
      ['gate', '--project', String(vigie.projectId), '--release', 'shop@3', '--baseline', 'shop@1'],
      'vigie_not_a_real_token_000000',
    );
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Vigie answered 401/);
  });

  it('keeps the verdicts the script asked for, as the CLI’s', async () => {
    const { verdicts } = await vigie.api<{
      verdicts: Array<{ verdict: string; askedVia: string; release: string }>;
    }>(`/api/v1/projects/${vigie.projectId}/gate/verdicts?release=shop@3`);
    expect(verdicts).toContainEqual(
      expect.objectContaining({ verdict: 'fail', askedVia: 'cli', release: 'shop@3' }),
    );
  });

  it('records deploys from `vigie deploy` and from sentry-cli’s `releases deploys … new`', async () => {
    const ours = await vigieCli([
      'deploy',
      '--project',
      String(vigie.projectId),
      '--release',
      'shop@3',
      '--environment',
      'production',
      '--strategy',
      'rolling',
    ]);
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stdout).toMatch(/^deploy \d+: shop@3 to production at /);
    await sentryCli(
      ['releases', '--org', 'acme', 'deploys', 'shop@2', 'new', '-e', 'staging', '-n', 'ci run 7'],
      { url: vigie.baseUrl, token: vigie.token },
    );
    const listed = await sentryCli(['releases', '--org', 'acme', 'deploys', 'shop@2', 'list'], {
      url: vigie.baseUrl,
      token: vigie.token,
    });
    expect(listed.stdout).toMatch(/staging/);
    const { deploys } = await vigie.api<{
      deploys: Array<{ release: string; environment: string; strategy: string | null; name: string | null }>;
    }>(`/api/v1/projects/${vigie.projectId}/deploys`);
    expect(deploys).toEqual([
      expect.objectContaining({
        release: 'shop@2',
        environment: 'staging',
        strategy: null,
        name: 'ci run 7',
      }),
      expect.objectContaining({ release: 'shop@3', environment: 'production', strategy: 'rolling' }),
    ]);
  });
});
