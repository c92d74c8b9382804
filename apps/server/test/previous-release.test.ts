// Migrations are expand/contract (expand-contract.test.ts compares the schemas): during a rolling or
// blue/green deploy the previous release runs beside this one on the schema this one migrated. Here
// the previous release's code itself does, from git: on a database this release migrated (SQLite and
// PostgreSQL), it ingests real SDK envelopes, lists, opens and resolves issues, and this release reads
// all of it back; this release writes, and the previous release reads it back; then the previous
// release restarts on the newer schema, runs each of its jobs once and still reads everything.
//
// Both releases run in this process through Fastify's inject(), each its own buildApp with its own
// connections to the shared database: what a deploy puts at risk is the previous release's SQL against
// the new schema, and inject runs its routes, hooks and repositories in full. A process per release
// would add seconds per start and a port for nothing the database sees differently.
//
// A shallow clone has no history: the test then says so and is skipped; CI clones in full.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/http.ts';
import { type HttpClient, injectClient, type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent, newEventId } from './support/events.ts';
import { addFixtureKey, type FixtureRequest, loadFixture } from './support/fixtures.ts';
import {
  extractPreviousRelease,
  PREVIOUS_RELEASE,
  PREVIOUS_RELEASE_COMMIT,
  type PreviousRelease,
  previousReleaseMissing,
} from './support/previous-release.ts';

/** The previous release's modules, as far as this test uses them. */
interface PreviousApp extends Pick<App, 'inject' | 'close'> {
  vigie: {
    database: unknown;
    jobs: { runNow(name: string): Promise<string> };
  };
}
interface PreviousModules {
  app: { buildApp(config: unknown): Promise<PreviousApp> };
  config: { loadConfig(env: Record<string, string>): unknown };
  database: {
    openDatabase(target: unknown): { close(): Promise<void> };
    migrateToLatest(database: unknown): Promise<unknown>;
  };
  migrations: { migrationProvider: { getMigrations(): Promise<Record<string, unknown>> } };
}

/** Two releases' apps and their threads start here: a minute on a loaded machine, not 30 s. */
const SLOW_TEST_MS = 180_000;

/** Every job the previous release's buildApp adds (runNow refuses a name it does not have). */
const PREVIOUS_JOBS = [
  'lifecycle-tick',
  'spike-detection',
  'alert-delivery',
  'ownership',
  'sourcemaps-retention',
];

interface IssueView {
  id: number;
  title: string;
  culprit: string | null;
  status: string;
  substatus: string | null;
  count: number;
  userCount: number;
  fingerprint: { hash: string };
}
interface EventView {
  eventId: string;
  issueId: number;
  title: string;
  release: string | null;
  data: { exceptions: Array<{ type: string; value: string }> };
}

/** What a deploy's instance does over HTTP, as the admin token of the test project. */
function client(http: HttpClient, projectId: number, token: string, dsnKey: string) {
  const call = async <T>(method: string, url: string): Promise<T> => {
    const response = await http.fetch(url, { method, headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    async send(event: Record<string, unknown>) {
      const response = await http.fetch(`/api/${projectId}/envelope/?sentry_key=${dsnKey}`, {
        method: 'POST',
        body: envelopeOf(event),
      });
      expect(response.status, await response.clone().text()).toBe(200);
    },
    /** A request captured from a real SDK, byte for byte (the project has the captures' key). */
    async replay(request: FixtureRequest, body: Uint8Array = request.body) {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          ([name]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(name),
        ),
      );
      const response = await http.fetch(request.url.replace(/^\/api\/42\//, `/api/${projectId}/`), {
        method: request.method,
        headers,
        body: new Uint8Array(body),
      });
      expect(response.status, await response.clone().text()).toBe(200);
    },
    issues: async () =>
      (await call<{ issues: IssueView[] }>('GET', `/api/v1/projects/${projectId}/issues?limit=100`)).issues,
    issue: (id: number) => call<IssueView>('GET', `/api/v1/issues/${id}`),
    events: async (issueId: number) =>
      (await call<{ events: EventView[] }>('GET', `/api/v1/issues/${issueId}/events`)).events,
    event: (eventId: string) => call<EventView>('GET', `/api/v1/events/${eventId}`),
    resolve: (id: number) => call<IssueView>('POST', `/api/v1/issues/${id}/resolve`),
  };
}

const missing = previousReleaseMissing(PREVIOUS_RELEASE_COMMIT);
if (missing) console.warn(`[vigie] previous-release.test.ts skipped: ${missing}`);

describe.skipIf(missing !== undefined)(
  `the previous release’s code (${PREVIOUS_RELEASE_COMMIT.slice(0, 7)}) beside the latest schema${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let previous: PreviousRelease;
    let modules: PreviousModules;
    beforeAll(async () => {
      previous = extractPreviousRelease(PREVIOUS_RELEASE_COMMIT);
      modules = {
        app: await previous.load('src/app.ts'),
        config: await previous.load('src/config/config.ts'),
        database: await previous.load('src/storage/database.ts'),
        migrations: await previous.load('src/storage/migrations/index.ts'),
      };
    });
    afterAll(() => previous?.remove());

    it(`is the commit whose last migration is ${PREVIOUS_RELEASE}`, async () => {
      const names = Object.keys(await modules.migrations.migrationProvider.getMigrations()).sort();
      expect(names.at(-1)).toBe(PREVIOUS_RELEASE);
    });

    describe.each(testDialects)('on %s', (dialect) => {
      let vigie: RunningVigie;
      let previousEnv: Record<string, string>;
      const started: PreviousApp[] = [];
      const startPrevious = async () => {
        const app = await modules.app.buildApp(modules.config.loadConfig(previousEnv));
        started.push(app);
        return app;
      };
      beforeAll(async () => {
        const secretKey = randomBytes(32).toString('hex');
        vigie = await startVigie(dialect, { VIGIE_SECRET_KEY: secretKey });
        await addFixtureKey(vigie);
        const { target } = vigie.testDatabase;
        previousEnv = {
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          VIGIE_SECRET_KEY: secretKey,
          ...(target.kind === 'postgres'
            ? { DATABASE_URL: target.url, VIGIE_DATA_DIR: '/tmp' }
            : { VIGIE_DATA_DIR: path.dirname(target.file) }),
        };
      });
      afterAll(async () => {
        for (const app of started) await app.close();
        await vigie?.stop();
      });

      it(
        'ingests, lists, opens and resolves; this release reads it back, writes, and the previous release reads that',
        async () => {
          const dsnKey = new URL(vigie.dsn).username;
          const current = client(vigie, vigie.projectId, vigie.token, dsnKey);
          const previousApp = await startPrevious();
          const old = client(injectClient(previousApp), vigie.projectId, vigie.token, dsnKey);

          // The previous release ingests: @sentry/node's own envelope (an exception, a message and a
          // session) and an error thrown at checkout.
          for (const request of loadFixture('sentry-javascript-node-11.12.0')) await old.replay(request);
          const checkout = errorEvent({ value: 'card declined for order 1042', fn: 'pay' });
          await old.send(checkout);

          const listed = await old.issues();
          expect(listed).toHaveLength(3);
          const checkoutIssue = listed.find((i) => i.title.includes('card declined for order 1042'))!;
          expect(checkoutIssue).toMatchObject({ status: 'unresolved', substatus: 'new', count: 1 });
          expect((await old.events(checkoutIssue.id)).map((e) => e.eventId)).toEqual([checkout.event_id]);
          const resolved = await old.resolve(checkoutIssue.id);
          expect(resolved.status).toBe('resolved');

          // This release reads what the previous one wrote, as the previous one reads it.
          expect(await current.issues()).toMatchObject(await old.issues());
          for (const issue of listed) {
            expect(await current.issue(issue.id)).toMatchObject(await old.issue(issue.id));
            const events = await current.events(issue.id);
            expect(events).toMatchObject(await old.events(issue.id));
            for (const event of events)
              expect(await current.event(event.eventId)).toMatchObject(await old.event(event.eventId));
          }
          expect((await current.issue(checkoutIssue.id)).status).toBe('resolved');
          const checkoutEvent = await current.event(checkout.event_id as string);
          expect(checkoutEvent.data.exceptions[0]).toMatchObject({
            type: 'TypeError',
            value: 'card declined for order 1042',
          });

          // This release writes: the resolved bug comes back (a regression), Python's SDK reports a new
          // one through the legacy /store/ endpoint, and a triager resolves that.
          await current.send(errorEvent({ value: 'card declined for order 1043', fn: 'pay' }));
          for (const request of loadFixture('sentry-python-1.9.10')) await current.replay(request);
          const afterCurrent = await current.issues();
          expect(afterCurrent).toHaveLength(4);
          const pythonIssue = afterCurrent.find((i) => !listed.some((l) => l.id === i.id))!;
          await current.resolve(pythonIssue.id);

          // The previous release reads what this one wrote.
          expect(await current.issues()).toMatchObject(await old.issues());
          expect(await old.issue(checkoutIssue.id)).toMatchObject({
            status: 'unresolved',
            substatus: 'regressed',
            count: 2,
          });
          expect(await current.issue(pythonIssue.id)).toMatchObject(await old.issue(pythonIssue.id));
          const pythonEvents = await old.events(pythonIssue.id);
          expect(await current.events(pythonIssue.id)).toMatchObject(pythonEvents);
          expect(await current.event(pythonEvents[0]!.eventId)).toMatchObject(
            await old.event(pythonEvents[0]!.eventId),
          );

          // And the previous release writes on rows this one wrote: the Python bug is back (the same
          // capture, under a new event id).
          const [pythonStore] = loadFixture('sentry-python-1.9.10');
          const again = {
            ...JSON.parse(gunzipSync(pythonStore!.body).toString('utf8')),
            event_id: newEventId(),
          };
          await old.replay(pythonStore!, gzipSync(JSON.stringify(again)));
          expect(await current.issue(pythonIssue.id)).toMatchObject({
            status: 'unresolved',
            substatus: 'regressed',
            count: 2,
          });
        },
        SLOW_TEST_MS,
      );

      it(
        'restarts on the newer schema, runs each of its jobs once, and reads what both wrote',
        async () => {
          for (const app of started.splice(0)) await app.close();
          // Its own migrator: a release with newer-schema.ts (375c412 on) starts without migrating;
          // an older one refuses the schema (Kysely: "corrupted migrations"), so the instance is started
          // without it, as an operator rolling back to it would have to (docs/deploying.md).
          const database = modules.database.openDatabase(
            (modules.config.loadConfig(previousEnv) as { database: unknown }).database,
          );
          try {
            if (previous.has('src/storage/newer-schema.ts')) {
              await expect(modules.database.migrateToLatest(database)).resolves.toMatchObject({
                applied: [],
              });
            } else {
              await expect(modules.database.migrateToLatest(database)).rejects.toThrow(
                /corrupted migrations/,
              );
            }
          } finally {
            await database.close();
          }
          const restarted = await startPrevious();
          for (const job of PREVIOUS_JOBS)
            expect([job, await restarted.vigie.jobs.runNow(job)]).toEqual([job, 'ran']);
          const old = client(injectClient(restarted), vigie.projectId, vigie.token, '');
          const current = client(vigie, vigie.projectId, vigie.token, '');
          const issues = await old.issues();
          expect(issues).toHaveLength(4);
          expect(await current.issues()).toMatchObject(issues);
        },
        SLOW_TEST_MS,
      );
    });
  },
);
