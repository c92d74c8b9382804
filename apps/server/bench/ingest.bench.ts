// npm run bench:ingest — Vigie on a fresh SQLite database, driven over loopback by autocannon with
// realistic envelopes. An event counts when it can be read back, not when HTTP accepted it.
// The same load against a parse-and-drop baseline server in the same run, and the ratio: in rounds
// that measure both servers back to back, since a shared machine's speed drifts within minutes.
//
// Each server first gets a warm-up at full load, not measured: a cold Node process spends its
// first seconds compiling (measured: V8's background compiler threads took 16% of a core over a
// cold 10 s phase, 5% after a 5 s warm-up), and a server in production is warm.
//
// A variant measures minified browser events whose source maps were uploaded (the test suite's
// Vite shop, built and uploaded with sentry-cli before the rounds): each round also runs that load,
// and the report gives its events/s divided by the plain load's, in the same rounds.
//
// Options: --duration SECONDS (10) --warmup SECONDS (5) --connections N (64) --issues N (500)
// --rounds N (3) --ownership-rules N (0: none; else that many ownership rules saved before the load,
// the last few matching the load's events, to measure that matching stays off ingest's path)
// --compare-ownership-rules N: instead, two Vigie servers side by side, one without rules and one with N
// (auto-assign), measured in alternating rounds; prints each one's medians and their ratio.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatedPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import autocannon from 'autocannon';
import { type Database, openDatabase } from '../src/storage/database.ts';
import { freePort, startServerProcess } from '../test/support/server-process.ts';
import { buildShop, type ShopBuild } from '../test/support/vite-shop.ts';
import { browserEnvelopeFactory, envelopeSource, type MinifiedShop } from './load.ts';

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '64' },
    issues: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    'ownership-rules': { type: 'string', default: '0' },
    'compare-ownership-rules': { type: 'string', default: '0' },
  },
});
const duration = Number(opts.duration);
const warmup = Number(opts.warmup);
const connections = Number(opts.connections);
const rounds = Number(opts.rounds);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a whole number ≥ 1, got ${opts.rounds}`);
const TOKEN = 'vigie_bench_token_0123456789abcdef';

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU seconds (user + system, every thread) the process has used so far. */
function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux); the command
  // name in field 2 is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Idle and total CPU time of the whole machine so far, in clock ticks, from /proc/stat. */
function machineTicks(): { idle: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …
  return { idle: ticks[3]! + ticks[4]!, total: ticks.reduce((a, b) => a + b, 0) };
}

/** The share of the machine's CPU time that sat idle between two readings of `machineTicks`. */
function idlePercent(
  before: { idle: number; total: number },
  after: { idle: number; total: number },
): number {
  return ((after.idle - before.idle) / (after.total - before.total)) * 100;
}

/** Envelopes made before a phase: enough for this many requests per second. */
const PREPARED_PER_SECOND = 10_000;

/** `deduplicates`: the server stores an event id once, so every envelope sent must be new. */
async function load(
  url: string,
  options: { overallRate?: number; seconds: number; deduplicates: boolean; minified?: MinifiedShop },
) {
  const issues = Number(opts.issues);
  const source = envelopeSource(
    issues,
    Math.ceil((options.overallRate ?? PREPARED_PER_SECOND) * options.seconds * 1.1),
    {
      cycle: !options.deduplicates,
      ...(options.minified ? { make: browserEnvelopeFactory(issues, options.minified) } : {}),
    },
  );
  const next = source.next;
  // Read after the envelopes are made (seconds of one busy core): only the load itself counts.
  const ticksBefore = machineTicks();
  const startedAt = Date.now();
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: options.seconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [{ setupRequest: (req) => ({ ...req, body: next() }) }],
  });
  const idle = idlePercent(ticksBefore, machineTicks());
  if (source.ranOut())
    console.log('note: the load outran the prepared envelopes; the rest were made during the phase');
  return {
    startedAt,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    idlePercent: idle,
  };
}

async function startVigie(dataDir: string, ruleCount = Number(opts['ownership-rules'])) {
  // As `npm start` runs it.
  const server = await startServerProcess({ VIGIE_DATA_DIR: dataDir, VIGIE_BOOTSTRAP_TOKEN: TOKEN });
  const url = server.envelopeUrl();
  await saveOwnershipRules(server.baseUrl, Number(new URL(url).pathname.split('/')[2]), ruleCount);
  return { child: server.child, url, baseUrl: server.baseUrl };
}

/**
 * `--ownership-rules N`: N rules of every matcher kind, most matching nothing, the last ones matching
 * the fixtures' frames (so every new issue is matched and suggested to an owner), in auto mode.
 */
async function saveOwnershipRules(baseUrl: string, projectId: number, count: number): Promise<void> {
  if (count === 0) return;
  const kinds = [
    (i: number) => `path:src/area${i}/** #team${i % 20}`,
    (i: number) => `module:app.area${i}.* owner${i}@example.com`,
    (i: number) => `url:*/area${i}/* #team${i % 20}`,
    (i: number) => `tags.area:area${i} #team${i % 20}`,
    (i: number) => `culprit:*area${i}* owner${i}@example.com`,
  ];
  const rules = Array.from({ length: count - 3 }, (_, i) => kinds[i % kinds.length]!(i));
  rules.push('path:**/*.py #billing', 'path:/srv/** #shop', 'culprit:*checkout* #checkout');
  const send = async (method: string, url: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  };
  // The matching rules' teams exist and have access, so that issues are really assigned to them.
  for (const slug of ['billing', 'shop', 'checkout']) {
    await send('POST', '/api/v1/teams', { name: slug, slug });
    await send('PUT', `/api/v1/projects/${projectId}/members`, { team: slug, role: 'member' });
  }
  await send('PUT', `/api/v1/projects/${projectId}/ownership`, { mode: 'auto', rules: rules.join('\n') });
}

/**
 * The Vite shop built and its maps uploaded to Vigie with sentry-cli; where its three bugs' handler
 * and throw are in the minified bundle, found through the map from the TypeScript lines.
 */
async function minifiedShop(baseUrl: string): Promise<{ shop: MinifiedShop; build: ShopBuild }> {
  const release = 'shop@bench';
  const build = await buildShop({
    dsn: 'http://key@127.0.0.1:1/1',
    release,
    upload: { by: 'sentry-cli', url: baseUrl, token: TOKEN, project: 'default' },
  });
  const assets = path.join(build.dist, 'assets');
  const script = readdirSync(assets).find((f) => f.endsWith('.js'))!;
  const code = readFileSync(path.join(assets, script), 'utf8');
  const debugId = /\/\/# debugId=([0-9a-f-]+)/.exec(code)![1]!;
  const map = new TraceMap(readFileSync(path.join(assets, `${script}.map`), 'utf8'));
  const at = (file: string, line: number, column: number) => {
    const source = map.sources.find((s) => s?.endsWith(file))!;
    const pos = generatedPositionFor(map, { source, line, column });
    return { line: pos.line!, column: pos.column! + 1 };
  };
  const shop: MinifiedShop = {
    scriptUrl: `https://shop.example.com/assets/${script}`,
    debugId,
    release,
    sites: [
      { handler: at('main.ts', 16, 2), thrower: at('cart.ts', 8, 15) },
      { handler: at('main.ts', 20, 2), thrower: at('coupon.ts', 7, 4) },
      { handler: at('main.ts', 24, 7), thrower: at('payment.ts', 4, 2) },
    ],
  };
  return { shop, build };
}

async function countEvents(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Time from the load's start until `expected` more events than `before` are readable. */
async function readableAfter(
  database: Database,
  before: number,
  expected: number,
  startedAt: number,
): Promise<{ count: number; seconds: number }> {
  let count = 0;
  for (let i = 0; i < 600; i++) {
    count = (await countEvents(database)) - before;
    if (count >= expected) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { count, seconds: (Date.now() - startedAt) / 1000 };
}

interface VigiePhase {
  eventsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  cpuPerEvent: number;
  idlePercent: number;
}

interface BaselinePhase {
  eventsPerSecond: number;
  cpuPerEvent: number;
  idlePercent: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function startBaseline() {
  const port = await freePort();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./baseline-server.ts', import.meta.url))], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((r) => child.stdout!.once('data', r));
  return { child, url: `http://127.0.0.1:${port}/api/1/envelope/` };
}

interface Server {
  child: ChildProcess;
  url: string;
}

async function vigiePhase(vigie: Server, database: Database, minified?: MinifiedShop): Promise<VigiePhase> {
  // Every earlier event got its answer, so every one is committed: this phase counts from here.
  const before = await countEvents(database);
  const cpuBefore = cpuSeconds(vigie.child.pid!);
  const full = await load(vigie.url, {
    seconds: duration,
    deduplicates: true,
    ...(minified ? { minified } : {}),
  });
  const readable = await readableAfter(database, before, full.ok, full.startedAt);
  return {
    ...full,
    eventsPerSecond: readable.count / readable.seconds,
    cpuPerEvent: ((cpuSeconds(vigie.child.pid!) - cpuBefore) / readable.count) * 1e6,
  };
}

async function baselinePhase(baseline: Server): Promise<BaselinePhase> {
  const cpuBefore = cpuSeconds(baseline.child.pid!);
  const base = await load(baseline.url, { seconds: duration, deduplicates: false });
  return {
    eventsPerSecond: base.ok / duration,
    cpuPerEvent: ((cpuSeconds(baseline.child.pid!) - cpuBefore) / base.ok) * 1e6,
    idlePercent: base.idlePercent,
  };
}

interface Round {
  vigie: VigiePhase;
  base: BaselinePhase;
  ratio: number;
  /** The minified browser load with its maps uploaded, and its events/s over the plain load's. */
  minified: VigiePhase;
  minifiedRatio: number;
}

/**
 * The machine's speed drifts from one minute to the next: each round measures both servers back to
 * back, in alternating order, and the ratio is the median of the rounds' own ratios.
 */
async function measureRounds(
  vigie: Server,
  baseline: Server,
  database: Database,
  shop: MinifiedShop,
): Promise<Round[]> {
  const measured: Round[] = [];
  for (let round = 0; round < rounds; round++) {
    let v: VigiePhase;
    let b: BaselinePhase;
    let m: VigiePhase;
    if (round % 2 === 0) {
      v = await vigiePhase(vigie, database);
      m = await vigiePhase(vigie, database, shop);
      b = await baselinePhase(baseline);
    } else {
      b = await baselinePhase(baseline);
      m = await vigiePhase(vigie, database, shop);
      v = await vigiePhase(vigie, database);
    }
    const ratio = v.eventsPerSecond / b.eventsPerSecond;
    const minifiedRatio = m.eventsPerSecond / v.eventsPerSecond;
    measured.push({ vigie: v, base: b, ratio, minified: m, minifiedRatio });
    console.log(
      `round ${round + 1}: vigie ${v.eventsPerSecond.toFixed(0)} events/s, minified+maps ${m.eventsPerSecond.toFixed(0)} (${minifiedRatio.toFixed(2)}), baseline ${b.eventsPerSecond.toFixed(0)}, ratio ${ratio.toFixed(2)}`,
    );
  }
  return measured;
}

function report(measured: Round[], half: { rate: number; p50: number; p99: number }, rss: number): void {
  const of = <T>(pick: (m: Round) => T) => measured.map(pick);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const rows = [
    ['vigie: events/s fully processed (readable)', median(of((m) => m.vigie.eventsPerSecond)).toFixed(0)],
    [
      'vigie: accepted (200) / non-2xx / errors, all rounds',
      `${sum(of((m) => m.vigie.ok))} / ${sum(of((m) => m.vigie.non2xx))} / ${sum(of((m) => m.vigie.errors))}`,
    ],
    [
      'vigie: latency p50 / p99 at full load (ms)',
      `${median(of((m) => m.vigie.p50))} / ${median(of((m) => m.vigie.p99))}`,
    ],
    [`vigie: latency p50 / p99 at half rate (${half.rate}/s) (ms)`, `${half.p50} / ${half.p99}`],
    [
      'vigie: CPU per event at full load, all threads (µs)',
      median(of((m) => m.vigie.cpuPerEvent)).toFixed(0),
    ],
    ['vigie: peak RSS (MB)', rss.toFixed(0)],
    ['vigie: machine CPU idle at full load (%)', median(of((m) => m.vigie.idlePercent)).toFixed(0)],
    [
      'vigie, minified browser events, maps uploaded: events/s',
      median(of((m) => m.minified.eventsPerSecond)).toFixed(0),
    ],
    ['ratio minified+maps / plain (median of the rounds)', median(of((m) => m.minifiedRatio)).toFixed(2)],
    ['baseline (parse and drop): events/s', median(of((m) => m.base.eventsPerSecond)).toFixed(0)],
    ['baseline: CPU per event (µs)', median(of((m) => m.base.cpuPerEvent)).toFixed(0)],
    ['baseline: machine CPU idle (%)', median(of((m) => m.base.idlePercent)).toFixed(0)],
    ['ratio vigie / baseline (median of the rounds)', median(of((m) => m.ratio)).toFixed(2)],
    [
      'CPU per event, vigie / baseline (median of the rounds)',
      median(of((m) => m.vigie.cpuPerEvent / m.base.cpuPerEvent)).toFixed(1),
    ],
  ];
  console.log(`medians over ${rounds} rounds:`);
  for (const [label, value] of rows) console.log(`${label!.padEnd(58)} ${value}`);
}

/**
 * Waits past the ownership job's next run (every 5 s), then (up to 20 s) until the server has used less
 * than 5% of a core for half a second: its background work is done.
 */
async function settle(server: Server): Promise<void> {
  await new Promise((r) => setTimeout(r, 6_000));
  for (let i = 0; i < 40; i++) {
    const before = cpuSeconds(server.child.pid!);
    await new Promise((r) => setTimeout(r, 500));
    if (cpuSeconds(server.child.pid!) - before < 0.025) return;
  }
}

/**
 * `--compare-ownership-rules N`: Vigie without rules and Vigie with N rules in auto mode, each on its own
 * fresh SQLite database, loaded in turn in every round (in alternating order). After each phase the
 * server is left to finish its background work (the ownership job matching the new issues) before the
 * next phase starts, so that the job's cost stays with the server whose rules caused it.
 */
async function compareOwnershipRules(ruleCount: number): Promise<void> {
  console.log(
    `bench:ingest --compare-ownership-rules ${ruleCount} — ${rounds} rounds of ${duration}s per server after a ${warmup}s warm-up, ${connections} connections, ${opts.issues} distinct issues, Node ${process.version}`,
  );
  const dirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'vigie-bench-')));
  const servers = [await startVigie(dirs[0]!, 0), await startVigie(dirs[1]!, ruleCount)];
  const databases = dirs.map((dir) => openDatabase({ kind: 'sqlite', file: path.join(dir, 'vigie.sqlite') }));
  const [plain, ruled] = [0, 1].map((i) => ({ server: servers[i]!, database: databases[i]! }));
  try {
    for (const { server } of [plain!, ruled!]) {
      if (warmup > 0) await load(server.url, { seconds: warmup, deduplicates: true });
      await settle(server);
    }
    const measured: { none: VigiePhase; rules: VigiePhase; ratio: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [plain!, ruled!] : [ruled!, plain!];
      const phases = new Map<typeof plain, VigiePhase>();
      for (const side of order) {
        phases.set(side, await vigiePhase(side.server, side.database));
        await settle(side.server);
      }
      const none = phases.get(plain)!;
      const rules = phases.get(ruled)!;
      measured.push({ none, rules, ratio: rules.eventsPerSecond / none.eventsPerSecond });
      console.log(
        `round ${round + 1} (${round % 2 === 0 ? 'none first' : 'rules first'}): no rules ${none.eventsPerSecond.toFixed(0)} events/s, ${ruleCount} rules ${rules.eventsPerSecond.toFixed(0)} events/s, ratio ${(rules.eventsPerSecond / none.eventsPerSecond).toFixed(2)}`,
      );
    }
    const assigned = await ruled!.database.db
      .selectFrom('issues')
      .select((eb) => [
        eb.fn.countAll<number>().as('issues'),
        eb.fn.count<number>('assignee_team_id').as('assigned'),
      ])
      .executeTakeFirstOrThrow();
    const of = (pick: (m: (typeof measured)[number]) => number) => median(measured.map(pick));
    const sum = (pick: (m: (typeof measured)[number]) => number) => measured.reduce((a, m) => a + pick(m), 0);
    const rows = [
      ['no rules: events/s fully processed (readable)', of((m) => m.none.eventsPerSecond).toFixed(0)],
      [
        `${ruleCount} rules: events/s fully processed (readable)`,
        of((m) => m.rules.eventsPerSecond).toFixed(0),
      ],
      ['ratio rules / no rules (median of the rounds)', of((m) => m.ratio).toFixed(2)],
      ['no rules: CPU per event, all threads (µs)', of((m) => m.none.cpuPerEvent).toFixed(0)],
      [`${ruleCount} rules: CPU per event, all threads (µs)`, of((m) => m.rules.cpuPerEvent).toFixed(0)],
      [
        'CPU per event, rules / no rules (median of the rounds)',
        of((m) => m.rules.cpuPerEvent / m.none.cpuPerEvent).toFixed(2),
      ],
      ['no rules: latency p50 / p99 (ms)', `${of((m) => m.none.p50)} / ${of((m) => m.none.p99)}`],
      [`${ruleCount} rules: latency p50 / p99 (ms)`, `${of((m) => m.rules.p50)} / ${of((m) => m.rules.p99)}`],
      [
        'accepted (200) / non-2xx / errors, all rounds, both',
        `${sum((m) => m.none.ok + m.rules.ok)} / ${sum((m) => m.none.non2xx + m.rules.non2xx)} / ${sum((m) => m.none.errors + m.rules.errors)}`,
      ],
      ['with rules: issues auto-assigned by the rules / issues', `${assigned.assigned} / ${assigned.issues}`],
      [
        'machine CPU idle during the phases (%)',
        of((m) => (m.none.idlePercent + m.rules.idlePercent) / 2).toFixed(0),
      ],
    ];
    console.log(`medians over ${rounds} rounds:`);
    for (const [label, value] of rows) console.log(`${label!.padEnd(58)} ${value}`);
  } finally {
    for (const database of databases) await database.close();
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const compared = Number(opts['compare-ownership-rules']);
  if (!Number.isInteger(compared) || compared < 0)
    throw new Error(
      `--compare-ownership-rules must be a whole number, got ${opts['compare-ownership-rules']}`,
    );
  if (compared > 0) return compareOwnershipRules(compared);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-'));
  console.log(
    `bench:ingest — ${rounds} rounds of ${duration}s per server after a ${warmup}s warm-up, ${connections} connections, ${opts.issues} distinct issues, ${opts['ownership-rules']} ownership rules, Node ${process.version}`,
  );
  const vigie = await startVigie(dataDir);
  const baseline = await startBaseline();
  const database = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'vigie.sqlite') });
  const { shop, build } = await minifiedShop(vigie.baseUrl);
  try {
    if (warmup > 0) {
      await load(vigie.url, { seconds: warmup, deduplicates: true });
      await load(vigie.url, { seconds: warmup, deduplicates: true, minified: shop });
      await load(baseline.url, { seconds: warmup, deduplicates: false });
    }
    const measured = await measureRounds(vigie, baseline, database, shop);
    baseline.child.kill('SIGTERM');

    const halfRate = Math.round(median(measured.map((m) => m.vigie.eventsPerSecond)) / 2);
    const half = await load(vigie.url, { seconds: duration, overallRate: halfRate, deduplicates: true });
    report(measured, { rate: halfRate, p50: half.p50, p99: half.p99 }, peakRssMb(vigie.child.pid!));
  } finally {
    await database.close();
    baseline.child.kill('SIGTERM');
    vigie.child.kill('SIGTERM');
    await new Promise((r) => vigie.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    build.remove();
  }
}

await main();
