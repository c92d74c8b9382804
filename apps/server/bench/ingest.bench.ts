// npm run bench:ingest — Vigie on a fresh SQLite database, driven over loopback by autocannon with
// realistic envelopes. An event counts when it can be read back, not when HTTP accepted it.
// Then the same load against a parse-and-drop baseline server in the same run, and the ratio.
//
// Options: --duration SECONDS (10) --connections N (64) --issues N (500)

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/storage/database.ts';
import { freePort } from '../test/support/server-process.ts';
import { envelopeFactory } from './load.ts';

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    issues: { type: 'string', default: '500' },
  },
});
const duration = Number(opts.duration);
const connections = Number(opts.connections);
const TOKEN = 'vigie_bench_token_0123456789abcdef';

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error('server exited');
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} not ready`);
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function load(url: string, options: { overallRate?: number; seconds: number }) {
  const next = envelopeFactory(Number(opts.issues));
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: options.seconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [{ setupRequest: (req) => ({ ...req, body: next() }) }],
  });
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
  };
}

async function startVigie(dataDir: string) {
  const port = await freePort();
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      VIGIE_DATA_DIR: dataDir,
      VIGIE_BOOTSTRAP_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (c) => {
    out += c;
  });
  await waitReady(`http://127.0.0.1:${port}/readyz`, child);
  const dsn = new URL(/DSN:\s+(\S+)/.exec(out)![1]!);
  return { child, url: `http://127.0.0.1:${port}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}` };
}

/** Time from the load's start until `expected` events are readable. */
async function readableAfter(
  file: string,
  expected: number,
  startedAt: number,
): Promise<{ count: number; seconds: number }> {
  const database = openDatabase({ kind: 'sqlite', file });
  try {
    let count = 0;
    for (let i = 0; i < 600; i++) {
      const row = await database.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      count = Number(row.n);
      if (count >= expected) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return { count, seconds: (Date.now() - startedAt) / 1000 };
  } finally {
    await database.close();
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-'));
  console.log(
    `bench:ingest — ${duration}s per phase, ${connections} connections, ${opts.issues} distinct issues, Node ${process.version}`,
  );
  const vigie = await startVigie(dataDir);
  try {
    const startedAt = Date.now();
    const full = await load(vigie.url, { seconds: duration });
    const readable = await readableAfter(path.join(dataDir, 'vigie.sqlite'), full.ok, startedAt);
    const eventsPerSecond = readable.count / readable.seconds;
    const half = await load(vigie.url, { seconds: duration, overallRate: Math.round(eventsPerSecond / 2) });
    const rss = peakRssMb(vigie.child.pid!);

    const port = await freePort();
    const baseline = spawn(
      process.execPath,
      [fileURLToPath(new URL('./baseline-server.ts', import.meta.url))],
      {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise((r) => baseline.stdout!.once('data', r));
    const base = await load(`http://127.0.0.1:${port}/api/1/envelope/`, { seconds: duration });
    baseline.kill('SIGTERM');
    const baselinePerSecond = base.ok / duration;

    const rows = [
      ['vigie: events/s fully processed (readable)', eventsPerSecond.toFixed(0)],
      ['vigie: accepted (200) / non-2xx / errors', `${full.ok} / ${full.non2xx} / ${full.errors}`],
      ['vigie: latency p50 / p99 at full load (ms)', `${full.p50} / ${full.p99}`],
      [
        `vigie: latency p50 / p99 at half rate (${Math.round(eventsPerSecond / 2)}/s) (ms)`,
        `${half.p50} / ${half.p99}`,
      ],
      ['vigie: peak RSS (MB)', rss.toFixed(0)],
      ['baseline (parse and drop): events/s', baselinePerSecond.toFixed(0)],
      ['ratio vigie / baseline', (eventsPerSecond / baselinePerSecond).toFixed(2)],
    ];
    for (const [label, value] of rows) console.log(`${label!.padEnd(58)} ${value}`);
  } finally {
    vigie.child.kill('SIGTERM');
    await new Promise((r) => vigie.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
