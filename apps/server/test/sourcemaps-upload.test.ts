// Source maps uploaded as Sentry's own tools upload them, against a listening Vigie with a Vigie API
// token: @sentry/vite-plugin during a real Vite build, sentry-cli 3 (`sourcemaps inject` +
// `sourcemaps upload`), and the release-files endpoint of older setups. Stored per project, once per
// checksum, within the project's limit; removed with their release, one release file at a time (as
// sentry-cli 2's `releases files VERSION delete` does: sentry-cli 3 has no such command, so its
// requests are made here), or by retention. Both databases.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireSourceMaps } from '../src/sourcemaps/retention.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { buildShop, type ShopBuild, sentryCli } from './support/vite-shop.ts';

interface Listing {
  bundles: Array<{
    id: number;
    kind: string;
    bundleId: string | null;
    release: string | null;
    fileCount: number;
    bytes: number;
  }>;
  storedBytes: number;
  limitBytes: number;
}

describe.each(testDialects)('source map uploads on %s', (dialect) => {
  let vigie: RunningVigie;
  let plain: ShopBuild;
  const listing = () => vigie.api<Listing>(`/api/v1/projects/${vigie.projectId}/sourcemaps`);
  const cli = (args: string[]) => sentryCli(args, { url: vigie.baseUrl, token: vigie.token });

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    plain = await buildShop({ dsn: vigie.dsn, release: 'shop@0', upload: { by: 'none' } });
  }, 180_000);
  afterAll(async () => {
    plain?.remove();
    await vigie?.stop();
  }, 180_000);

  it('takes the artifact bundle @sentry/vite-plugin uploads during a Vite build, debug ids and release', async () => {
    const shop = await buildShop({
      dsn: vigie.dsn,
      release: 'shop@1',
      upload: { by: 'vite-plugin', url: vigie.baseUrl, token: vigie.token, project: 'default' },
    });
    shop.remove();
    const { bundles } = await listing();
    expect(bundles).toEqual([
      expect.objectContaining({ kind: 'artifact_bundle', release: 'shop@1', fileCount: 2 }),
    ]);
    const chunks = await vigie.app.vigie.database.db.selectFrom('upload_chunks').select('checksum').execute();
    expect(chunks).toEqual([]);
  }, 180_000);

  it('takes sentry-cli inject + upload; the same files in another release are stored once; a re-upload is a no-op', async () => {
    await cli(['sourcemaps', 'inject', plain.dist]);
    const upload = (release: string) =>
      cli([
        'sourcemaps',
        'upload',
        '--org',
        'whatever',
        '--project',
        'default',
        '--release',
        release,
        plain.dist,
      ]);
    await upload('shop@2');
    const afterFirst = await listing();
    const second = await upload('shop@3');
    const again = await upload('shop@3');
    expect(`${second.stdout}${second.stderr}`).toContain('Upload type: artifact bundle');
    expect(`${again.stdout}${again.stderr}`).toMatch(/Nothing to upload|all files are on the server/i);
    const after = await listing();
    expect(after.bundles.map((b) => b.release)).toEqual(['shop@3', 'shop@2', 'shop@1']);
    expect(after.storedBytes).toBe(afterFirst.storedBytes);
  }, 180_000);

  it('refuses an upload without a valid Vigie token, saying so', async () => {
    const refused = sentryCli(['sourcemaps', 'upload', '--org', 'o', '--project', 'default', plain.dist], {
      url: vigie.baseUrl,
      token: 'vigie_not-a-real-token-at-all-000000',
    });
    await expect(refused).rejects.toThrow(/401|invalid|token/i);
  }, 180_000);

  it("deletes a release's files with the release, and the contents no other bundle holds", async () => {
    await cli(['releases', 'delete', '--org', 'o', '--project', 'default', 'shop@3']).catch(async () => {
      // sentry-cli 3 deletes a release through the organisation's endpoint when it has no project flag.
      await cli(['releases', 'delete', '--org', 'o', 'shop@3']);
    });
    const after = await listing();
    expect(after.bundles.map((b) => b.release)).toEqual(['shop@2', 'shop@1']);
    // shop@2 holds the same files: nothing was freed.
    expect(after.storedBytes).toBeGreaterThan(0);
  }, 180_000);

  it('refuses an upload past the project limit with the reason sentry-cli prints', async () => {
    const small = await startVigie(dialect, { VIGIE_SOURCEMAPS_MAX_BYTES: '1048576' }, { listen: true });
    try {
      const dir = mkdtempSync(path.join(tmpdir(), 'vigie-big-'));
      const body = `function big(){return ${JSON.stringify('x'.repeat(1_200_000))}}\n//# sourceMappingURL=big.js.map\n`;
      writeFileSync(path.join(dir, 'big.js'), body);
      writeFileSync(
        path.join(dir, 'big.js.map'),
        JSON.stringify({ version: 3, sources: ['big.ts'], names: [], mappings: 'AAAA' }),
      );
      await sentryCli(['sourcemaps', 'inject', dir]);
      const refused = sentryCli(
        ['sourcemaps', 'upload', '--org', 'o', '--project', 'default', '--wait', dir],
        {
          url: small.baseUrl,
          token: small.token,
        },
      );
      await expect(refused).rejects.toThrow(/over its limit of 1048576/);
      const { bundles } = await small.api<Listing>(`/api/v1/projects/${small.projectId}/sourcemaps`);
      expect(bundles).toEqual([]);
    } finally {
      await small.stop();
    }
  }, 180_000);

  it('frees the bytes of a bundle deleted with its release or from the API, so that a refused upload then fits', async () => {
    const small = await startVigie(dialect, { VIGIE_SOURCEMAPS_MAX_BYTES: '1048576' }, { listen: true });
    const stored = () => small.api<Listing>(`/api/v1/projects/${small.projectId}/sourcemaps`);
    const smallCli = (args: string[]) => sentryCli(args, { url: small.baseUrl, token: small.token });
    /** A minified file and its map, about 600 kB together: two builds do not fit in 1 MiB. */
    const build = (name: string) => {
      const dir = mkdtempSync(path.join(tmpdir(), `vigie-${name}-`));
      const body = `function ${name}(){return ${JSON.stringify(randomBytes(290_000).toString('hex'))}}\n//# sourceMappingURL=${name}.js.map\n`;
      writeFileSync(path.join(dir, `${name}.js`), body);
      writeFileSync(
        path.join(dir, `${name}.js.map`),
        JSON.stringify({ version: 3, sources: [`${name}.ts`], names: [], mappings: 'AAAA' }),
      );
      return dir;
    };
    const upload = (dir: string, release: string) =>
      smallCli([
        'sourcemaps',
        'upload',
        '--org',
        'o',
        '--project',
        'default',
        '--release',
        release,
        '--wait',
        dir,
      ]);
    try {
      const first = build('first');
      const second = build('second');
      await upload(first, 'first@1');
      const afterFirst = await stored();
      expect(afterFirst.storedBytes).toBeGreaterThan(580_000);
      await expect(upload(second, 'second@1')).rejects.toThrow(/over its limit of 1048576/);

      // Deleting the release deletes its files and frees their bytes.
      await smallCli(['releases', 'delete', '--org', 'o', '--project', 'default', 'first@1']);
      expect(await stored()).toMatchObject({ bundles: [], storedBytes: 0 });
      await upload(second, 'second@1');
      const { bundles } = await stored();
      expect(bundles).toEqual([expect.objectContaining({ release: 'second@1', fileCount: 2 })]);
      await expect(upload(first, 'first@2')).rejects.toThrow(/over its limit/);

      // So does deleting the bundle from Vigie's API.
      const auth = { authorization: `Bearer ${small.token}` };
      const listPath = `/api/v1/projects/${small.projectId}/sourcemaps`;
      const deleted = await small.fetch(`${listPath}/${bundles[0]!.id}`, { method: 'DELETE', headers: auth });
      expect(deleted.status).toBe(204);
      expect(await stored()).toMatchObject({ bundles: [], storedBytes: 0 });
      await upload(first, 'first@2');
      expect((await stored()).bundles.map((b) => b.release)).toEqual(['first@2']);

      const unknown = await small.fetch(`${listPath}/424242`, { method: 'DELETE', headers: auth });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
        'Bundle 424242 does not exist.',
      );
    } finally {
      await small.stop();
    }
  }, 180_000);

  it('takes release files one by one (older setups) and lists them', async () => {
    const assets = path.join(plain.dist, 'assets');
    for (const name of readdirSync(assets)) {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(path.join(assets, name))]), name);
      form.append('name', `~/assets/${name}`);
      const response = await fetch(`${vigie.baseUrl}/api/0/projects/o/default/releases/legacy@1/files/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${vigie.token}` },
        body: form,
      });
      expect(response.status).toBe(201);
    }
    const response = await fetch(`${vigie.baseUrl}/api/0/projects/o/default/releases/legacy@1/files/`, {
      headers: { authorization: `Bearer ${vigie.token}` },
    });
    const files = (await response.json()) as Array<{ name: string }>;
    expect(files.map((f) => f.name).sort()).toEqual(
      readdirSync(assets)
        .map((n) => `~/assets/${n}`)
        .sort(),
    );
    const { bundles } = await listing();
    expect(bundles[0]).toMatchObject({ kind: 'release_files', release: 'legacy@1', fileCount: 2 });
  }, 180_000);

  it('deletes one release file by the id its listing gives, freeing its bytes; an unknown id is a 404', async () => {
    const small = await startVigie(dialect, { VIGIE_SOURCEMAPS_MAX_BYTES: '1048576' }, { listen: true });
    const auth = { authorization: `Bearer ${small.token}` };
    const filesUrl = `${small.baseUrl}/api/0/projects/o/default/releases/files@1/files/`;
    const orgFilesUrl = `${small.baseUrl}/api/0/organizations/o/releases/files@1/files/`;
    /** A 400 kB file: two fit in the project's 1 MiB, three do not. */
    const post = (name: string) => {
      const form = new FormData();
      form.append('file', new Blob([randomBytes(200_000).toString('hex')]), name);
      form.append('name', `~/${name}`);
      return fetch(filesUrl, { method: 'POST', headers: auth, body: form });
    };
    const list = async () =>
      (await (await fetch(filesUrl, { headers: auth })).json()) as Array<{ id: string; name: string }>;
    const remove = (url: string, headers: Record<string, string> = auth) =>
      fetch(url, { method: 'DELETE', headers });
    const message = async (response: Response) =>
      ((await response.json()) as { error: { message: string } }).error.message;
    const stored = () => small.api<Listing>(`/api/v1/projects/${small.projectId}/sourcemaps`);
    try {
      expect((await post('a.js')).status).toBe(201);
      expect((await post('b.js')).status).toBe(201);
      expect((await post('c.js')).status).toBe(413);
      expect(await stored()).toMatchObject({ bundles: [{ fileCount: 2 }], storedBytes: 800_000 });

      const a = (await list()).find((f) => f.name === '~/a.js')!;
      expect((await remove(`${filesUrl}${a.id}/`, {})).status).toBe(401);
      expect((await remove(`${filesUrl}${a.id}/`)).status).toBe(204);
      expect((await list()).map((f) => f.name)).toEqual(['~/b.js']);
      expect(await stored()).toMatchObject({ bundles: [{ fileCount: 1 }], storedBytes: 400_000 });
      expect((await post('c.js')).status).toBe(201);

      const again = await remove(`${filesUrl}${a.id}/`);
      expect(again.status).toBe(404);
      expect(await message(again)).toBe(
        `Release files@1 has no file ${a.id} (list the release's files for their ids).`,
      );
      const notAnId = await remove(`${filesUrl}a.js/`);
      expect(notAnId.status).toBe(400);
      expect(await message(notAnId)).toMatch(/fileId/);

      // Without a project (sentry-cli 2 with no --project): the last file takes its bundle along.
      for (const f of await list()) expect((await remove(`${orgFilesUrl}${f.id}/`)).status).toBe(204);
      expect(await stored()).toMatchObject({ bundles: [], storedBytes: 0 });
      expect((await remove(`${orgFilesUrl}${a.id}/`)).status).toBe(404);
    } finally {
      await small.stop();
    }
  }, 180_000);

  it('expires bundles unused for the retention period, and their contents', async () => {
    const { db } = vigie.app.vigie.database;
    const later = Date.now() + 91 * 86_400_000;
    expect(await expireSourceMaps(db, 90, later)).toBeGreaterThan(0);
    expect((await listing()).bundles).toEqual([]);
    expect(await db.selectFrom('artifact_blobs').select('checksum').execute()).toEqual([]);
  }, 180_000);
});
