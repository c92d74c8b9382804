// Source maps as older tools upload them, which sentry-cli 3 no longer does against a server that
// takes artifact bundles, so the requests are made here as those tools make them: sentry-cli 2's
// release bundle (the chunks, then `releases/{version}/assemble/` without a project), and release
// files sent one by one without a project (sentry-cli 2's `/organizations/{org}/releases/{version}/
// files/`). Either way the files go to the projects whose events carry the release, and their
// events are mapped by release and URL: those that came before the upload when they are read, those
// after at ingest; an issue whose latest event is mapped late takes that event's mapped culprit.
// Both databases.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generatedPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha1 } from '../src/sourcemaps/artifact-bundle.ts';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { newEventId, sendEvents } from './support/events.ts';
import { buildShop, type ShopBuild } from './support/vite-shop.ts';

interface Frame {
  filename: string | null;
  function: string | null;
  lineno: number | null;
  symbolication?: { status: string; via?: string; release?: string; map?: string; reason?: string };
}
interface StoredEvent {
  eventId: string;
  issueId: number;
  data: { exceptions: Array<{ frames: Frame[] }>; symbolication?: { status: string; reason?: string } };
}

describe.each(testDialects)('source maps from older sentry-cli and plugins on %s', (dialect) => {
  let vigie: RunningVigie;
  let shop: ShopBuild;
  let script: string;
  let files: Array<{ name: string; content: Buffer }>;
  let thrower: { line: number; column: number };
  const auth = () => ({ authorization: `Bearer ${vigie.token}` });

  beforeAll(async () => {
    vigie = await startVigie(dialect, {}, { listen: true });
    shop = await buildShop({ dsn: vigie.dsn, release: 'unused', upload: { by: 'none' } });
    const assets = path.join(shop.dist, 'assets');
    files = readdirSync(assets).map((name) => ({ name, content: readFileSync(path.join(assets, name)) }));
    script = files.find((f) => f.name.endsWith('.js'))!.name;
    const map = new TraceMap(files.find((f) => f.name.endsWith('.map'))!.content.toString('utf8'));
    const source = map.sources.find((s) => s?.endsWith('coupon.ts'))!;
    const at = generatedPositionFor(map, { source, line: 7, column: 4 });
    thrower = { line: at.line!, column: at.column! + 1 };
  }, 120_000);
  afterAll(async () => {
    shop?.remove();
    await vigie?.stop();
  });

  /** The coupon bug thrown in the browser, as @sentry/browser sends it from a bundle without debug ids. */
  async function throwCoupon(release: string, minifiedFunction = 'Du'): Promise<StoredEvent> {
    const eventId = newEventId();
    await sendEvents(vigie, vigie.projectId, new URL(vigie.dsn).username, [
      {
        event_id: eventId,
        timestamp: Date.now() / 1000,
        platform: 'javascript',
        release,
        exception: {
          values: [
            {
              type: 'RangeError',
              value: 'Unknown coupon SPRING1001',
              stacktrace: {
                frames: [
                  {
                    filename: `https://shop.example.com/assets/${script}`,
                    function: minifiedFunction,
                    lineno: thrower.line,
                    colno: thrower.column,
                    in_app: true,
                  },
                ],
              },
            },
          ],
        },
        sdk: { name: 'sentry.javascript.browser', version: '11.17.0' },
      },
    ]);
    return read(eventId);
  }
  const read = (eventId: string) => vigie.api<StoredEvent>(`/api/v1/events/${eventId}`);
  const uploadFiles = async (release: string) => {
    for (const f of files) {
      const form = new FormData();
      form.append('file', new Blob([f.content]), f.name);
      form.append('name', `~/assets/${f.name}`);
      if (f.name.endsWith('.js')) form.append('header', `Sourcemap:${f.name}.map`);
      const response = await fetch(
        `${vigie.baseUrl}/api/0/projects/acme/default/releases/${release}/files/`,
        {
          method: 'POST',
          headers: auth(),
          body: form,
        },
      );
      expect(response.status).toBe(201);
    }
  };
  /** The issue as its page shows it, which maps its latest event if it can. */
  const issuePageCulprit = async (issueId: number) =>
    (await vigie.api<{ culprit: string | null }>(`/api/v1/issues/${issueId}`)).culprit;
  /** The ids and culprits of the issues a search of the issue list finds (the list maps nothing). */
  const listed = async (query: string) =>
    (
      await vigie.api<{ issues: Array<{ id: number; culprit: string | null }> }>(
        `/api/v1/projects/${vigie.projectId}/issues?limit=100&query=${encodeURIComponent(query)}`,
      )
    ).issues;
  const topFrame = (event: StoredEvent) => event.data.exceptions.at(-1)!.frames.at(-1)!;
  const mappedBy = (release: string) => ({
    filename: 'src/coupon.ts',
    function: 'applyCoupon',
    lineno: 7,
    symbolication: { status: 'mapped', via: 'release', release, map: `~/assets/${script}.map` },
  });

  it("takes sentry-cli 2's release bundle for the projects of the release, and maps its events, the earlier ones when read", async () => {
    const early = await throwCoupon('bundle@1');
    expect(early.data.symbolication).toMatchObject({
      status: 'unmapped',
      reason: 'no source maps were uploaded to this project',
    });
    // The zip sentry-cli 2 builds: the files under `_/_/`, and a manifest with their URLs and headers.
    const manifest = {
      org: 'acme',
      release: 'bundle@1',
      files: Object.fromEntries(
        files.map((f) => [
          `_/_/assets/${f.name}`,
          {
            url: `~/assets/${f.name}`,
            type: f.name.endsWith('.map') ? 'source_map' : 'minified_source',
            headers: f.name.endsWith('.js') ? { Sourcemap: `${f.name}.map` } : {},
          },
        ]),
      ),
    };
    const zip = Buffer.from(
      zipSync({
        'manifest.json': Buffer.from(JSON.stringify(manifest)),
        ...Object.fromEntries(files.map((f) => [`_/_/assets/${f.name}`, f.content])),
      }),
    );
    const checksum = sha1(zip);
    const assemble = async () => {
      const response = await fetch(`${vigie.baseUrl}/api/0/organizations/acme/releases/bundle@1/assemble/`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body: JSON.stringify({ checksum, chunks: [checksum] }),
      });
      expect(response.status).toBe(200);
      return response.json();
    };
    expect(await assemble()).toEqual({ state: 'not_found', missingChunks: [checksum], detail: null });
    const form = new FormData();
    form.append('file', new Blob([zip]), checksum);
    const chunk = await fetch(`${vigie.baseUrl}/api/0/organizations/acme/chunk-upload/`, {
      method: 'POST',
      headers: auth(),
      body: form,
    });
    expect(chunk.status).toBe(200);
    expect(await assemble()).toEqual({ state: 'ok', missingChunks: [], detail: null });
    expect(await assemble()).toEqual({ state: 'ok', missingChunks: [], detail: null });

    expect(topFrame(await read(early.eventId))).toMatchObject(mappedBy('bundle@1'));
    expect(topFrame(await throwCoupon('bundle@1'))).toMatchObject(mappedBy('bundle@1'));
  }, 60_000);

  it('takes release files sent without a project for the projects of the release, lists them, and maps its events', async () => {
    const early = await throwCoupon('files@1');
    const filesUrl = (release: string) =>
      `${vigie.baseUrl}/api/0/organizations/acme/releases/${release}/files/`;
    const upload = (release: string, f: { name: string; content: Buffer }) => {
      const form = new FormData();
      form.append('file', new Blob([f.content]), f.name);
      form.append('name', `~/assets/${f.name}`);
      if (f.name.endsWith('.js')) form.append('header', `Sourcemap:${f.name}.map`);
      return fetch(filesUrl(release), { method: 'POST', headers: auth(), body: form });
    };
    for (const f of files) expect((await upload('files@1', f)).status).toBe(201);
    const listed = (await (await fetch(filesUrl('files@1'), { headers: auth() })).json()) as Array<{
      name: string;
    }>;
    expect(listed.map((f) => f.name).sort()).toEqual(files.map((f) => `~/assets/${f.name}`).sort());

    expect(topFrame(await read(early.eventId))).toMatchObject(mappedBy('files@1'));
    expect(topFrame(await throwCoupon('files@1'))).toMatchObject(mappedBy('files@1'));

    // A release no project has events of: the tool is told to name the project.
    const refused = await upload('nobody@1', files[0]!);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'Name the project (--project) for release nobody@1: no project of yours has events of it yet.',
    );
  }, 60_000);

  it("maps the issue's culprit when its latest event is mapped late, and leaves it when an older one is", async () => {
    const older = await throwCoupon('culprit@1', 'Qxzw');
    const latest = await throwCoupon('culprit@1', 'Qxzw');
    const issueId = latest.issueId;
    expect(older.issueId).toBe(issueId);
    const minified = `Qxzw(https://shop.example.com/assets/${script})`;
    expect((await listed('Qxzw')).map(({ id, culprit }) => ({ id, culprit }))).toEqual([
      { id: issueId, culprit: minified },
    ]);
    await uploadFiles('culprit@1');

    // The older event, mapped when read alone: the issue's culprit came from the latest, and stays.
    expect(topFrame(await read(older.eventId))).toMatchObject(mappedBy('culprit@1'));
    expect((await listed('Qxzw')).find((i) => i.id === issueId)?.culprit).toBe(minified);

    // The issue's page maps its latest event and shows the culprit of the original code, kept for
    // the list and its search.
    expect(await issuePageCulprit(issueId)).toBe('applyCoupon(src/coupon.ts)');
    expect(topFrame(await read(latest.eventId))).toMatchObject(mappedBy('culprit@1'));
    expect((await listed('applyCoupon')).find((i) => i.id === issueId)?.culprit).toBe(
      'applyCoupon(src/coupon.ts)',
    );
    expect((await listed('Qxzw')).map((i) => i.id)).not.toContain(issueId);
  }, 60_000);
});
