// Fuzzing the Sentry ingest endpoints (issue 22 §3): a few thousand requests a careless client or
// an attacker might send (test/support/fuzz-cases.ts), from a fixed seed, through the whole app.
// Every answer must be a 2xx or a 4xx within 5 s; valid events sent in between must all be
// stored; the heap must come back near where it started. On SQLite and PostgreSQL.
//
// VIGIE_FUZZ_RUNS=20000 runs more cases; VIGIE_FUZZ_SEED=<n> explores other ones (a failure names
// the seed and the case to replay); VIGIE_FUZZ_STATS=1 prints how many answers of each code.
// Each batch of concurrent cases carries one valid event in an envelope of its own.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningVigie, startVigie } from './support/app.ts';
import { testDialects } from './support/databases.ts';
import { envelopeOf, errorEvent } from './support/events.ts';
import { envelopeRequest, type FuzzRequest, storeRequest } from './support/fuzz-cases.ts';

const RUNS = Number(process.env.VIGIE_FUZZ_RUNS ?? 5000);
const SEED = Number(process.env.VIGIE_FUZZ_SEED ?? 22);
/** Requests in flight at once: enough for several to share a group commit. */
const CONCURRENCY = 8;
const ANSWER_WITHIN_MS = 5000;
/** Generous: the heap after a full collection moves by a few megabytes from run to run. */
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and array buffers in use once garbage is collected. */
function memoryInUse(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

interface Answer {
  index: number;
  /** A valid event, which must be answered 200 and stored. */
  control: boolean;
  request: FuzzRequest;
  status: number;
  ms: number;
  body: string;
}

describe.each(testDialects)('fuzzing ingest on %s', (dialect) => {
  let vigie: RunningVigie;
  let target: { projectId: number; key: string };
  beforeAll(async () => {
    vigie = await startVigie(dialect);
    target = { projectId: vigie.projectId, key: new URL(vigie.dsn).username };
  });
  afterAll(async () => {
    await vigie.stop();
  });

  const send = async (index: number, request: FuzzRequest, control = false): Promise<Answer> => {
    const started = performance.now();
    const response = await vigie.app.inject({
      method: request.method,
      url: request.url,
      headers: { 'content-type': 'application/x-sentry-envelope', ...request.headers },
      ...(request.body ? { payload: request.body } : {}),
    });
    return {
      index,
      control,
      request,
      status: response.statusCode,
      ms: performance.now() - started,
      body: response.body,
    };
  };

  const describeCase = (answer: Answer) =>
    `case ${answer.index} of seed ${SEED}: ${answer.request.method} ${answer.request.url.slice(0, 120)} ` +
    `${JSON.stringify(answer.request.headers)} ${JSON.stringify(answer.request.body?.toString('latin1').slice(0, 300))} ` +
    `→ ${answer.status} in ${answer.ms.toFixed(0)} ms: ${answer.body.slice(0, 300)}`;

  it(`answers ${RUNS} mutated requests with a 2xx or a 4xx within 5 s, losing no valid event`, async () => {
    const cases = fc.sample(
      fc.oneof(
        { weight: 3, arbitrary: envelopeRequest(target) },
        { weight: 1, arbitrary: storeRequest(target) },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    const controls: string[] = [];
    const control = async (index: number): Promise<Answer> => {
      const event = errorEvent({ fn: 'fuzzControl' });
      controls.push(event.event_id as string);
      const url = `/api/${target.projectId}/envelope/?sentry_key=${target.key}`;
      return send(index, { method: 'POST', url, headers: {}, body: Buffer.from(envelopeOf(event)) }, true);
    };

    // A first round warms the code paths up, so the heap measured after it is the steady one.
    const warmUp = Math.min(100, cases.length);
    const run = async (from: number, to: number, failures: Answer[]) => {
      for (let start = from; start < to; start += CONCURRENCY) {
        const batch = cases
          .slice(start, Math.min(start + CONCURRENCY, to))
          .map((request, i) => send(start + i, request));
        batch.push(control(start));
        for (const answer of await Promise.all(batch)) {
          const code = /"code":"(\w+)"/.exec(answer.body)?.[1] ?? String(answer.status);
          stats[code] = (stats[code] ?? 0) + 1;
          const ok = answer.control ? answer.status === 200 : answer.status >= 200 && answer.status < 500;
          if (!ok || answer.ms > ANSWER_WITHIN_MS) failures.push(answer);
        }
      }
    };
    const failures: Answer[] = [];
    const stats: Record<string, number> = {};
    await run(0, warmUp, failures);
    const before = memoryInUse();
    await run(warmUp, cases.length, failures);
    const grown = memoryInUse() - before;

    if (process.env.VIGIE_FUZZ_STATS)
      console.log(JSON.stringify({ ...stats, heapGrowthMiB: grown / 2 ** 20 }));
    expect(failures.slice(0, 5).map(describeCase)).toEqual([]);
    const stored = await vigie.app.vigie.database.db
      .selectFrom('events')
      .select('event_id')
      .where('event_id', 'in', controls)
      .execute();
    expect(stored.length).toBe(controls.length);
    expect(grown).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});
