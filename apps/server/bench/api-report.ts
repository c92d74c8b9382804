// What bench:api prints for one database: per request its p50 and p95 with 1 and with 8 readers (and its
// p95 over the baseline's, GET /api/v1/auth/me: what the request costs above HTTP and authentication),
// then ingest's p99 beside the readers over its p99 alone, as medians of rounds that measured both.

import type { DialectName } from '../src/storage/dialect.ts';
import { type Latencies, type PageRequest, percentile } from './api-clients.ts';
import type { IngestLoadResult } from './ingest-load-process.ts';

export const BASELINE = 'baseline: GET /api/v1/auth/me';

/** Targets on SQLite (issue 15): p95 at 1 and at 8 readers, and ingest's p99 beside them over alone. */
const TARGETS = { p95: { 1: 20, 8: 100 } as Record<number, number>, ingest: 1.5 };

export interface Phase {
  clients: number;
  /** Every round's samples. */
  latencies: Latencies;
  /** Ingest at half rate, per round: alone, and beside the readers. */
  alone: IngestLoadResult[];
  beside: IngestLoadResult[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0)).padStart(6);

export function report(
  dialect: DialectName,
  requests: PageRequest[],
  phases: Phase[],
  ingest: { full: number; half: number },
): void {
  const sqlite = dialect === 'sqlite';
  console.log(
    `ingest: ${ingest.full.toFixed(0)} events/s at full rate; the reads run beside ${ingest.half}/s`,
  );
  const header = phases.map(
    (p) => `${`${p.clients} reader${p.clients > 1 ? 's' : ''}`.padEnd(17)}p50    p95 ×base`,
  );
  console.log(`${'request (ms)'.padEnd(42)} ${header.join('  |  ')}`);
  for (const r of requests) {
    const cells = phases.map((phase) => {
      const samples = phase.latencies.get(r.label)!;
      const p95 = percentile(samples, 95);
      const base = percentile(phase.latencies.get(BASELINE)!, 95);
      const target = TARGETS.p95[phase.clients];
      const over = sqlite && target !== undefined && r.label !== BASELINE && p95 > target ? ' over' : '     ';
      return `n=${String(samples.length).padEnd(6)}${ms(percentile(samples, 50))} ${ms(p95)} ${(p95 / base).toFixed(1).padStart(5)}${over}`;
    });
    console.log(`${r.label.padEnd(42)} ${cells.join('  |  ')}`);
  }
  for (const phase of phases) {
    const ratios = phase.beside.map((b, i) => b.p99 / phase.alone[i]!.p99);
    const ratio = median(ratios);
    const failed = [...phase.alone, ...phase.beside].reduce((n, r) => n + r.non2xx + r.errors, 0);
    console.log(
      `ingest p99 beside ${phase.clients} reader(s): ${median(phase.beside.map((b) => b.p99))} ms, alone ` +
        `${median(phase.alone.map((a) => a.p99))} ms: ×${ratio.toFixed(2)} (median of the rounds' ratios ` +
        `${ratios.map((x) => x.toFixed(2)).join(', ')}; ${failed} non-2xx or errors)` +
        (sqlite && ratio > TARGETS.ingest ? ` — over the ${TARGETS.ingest}× target` : ''),
    );
  }
  if (sqlite) {
    console.log(
      `targets on SQLite: p95 ≤ ${TARGETS.p95[1]} ms with 1 reader, ≤ ${TARGETS.p95[8]} ms with 8; ingest p99 ≤ ${TARGETS.ingest}×`,
    );
  }
}
