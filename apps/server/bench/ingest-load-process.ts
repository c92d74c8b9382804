// Ingest load for the API benchmark, in a process of its own (forked, options in argv) so that making
// envelopes and timing their answers does not delay the readers' clocks in the bench's process:
// autocannon posts envelopes at a given overall rate (or as fast as it can) and reports the latencies.

import autocannon from 'autocannon';
import { envelopeSource } from './load.ts';

export interface IngestLoadOptions {
  url: string;
  seconds: number;
  /** Requests per second overall; none for as fast as the server answers. */
  rate?: number;
  connections: number;
  issues: number;
}

export interface IngestLoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

const options = JSON.parse(process.argv[2]!) as IngestLoadOptions;
const source = envelopeSource(options.issues, Math.ceil((options.rate ?? 5_000) * options.seconds * 1.1), {
  cycle: false,
});
process.send!({ ready: true });
const result = await autocannon({
  url: options.url,
  method: 'POST',
  connections: options.connections,
  duration: options.seconds,
  ...(options.rate ? { overallRate: options.rate } : {}),
  requests: [{ setupRequest: (req) => ({ ...req, body: source.next() }) }],
});
const answer: IngestLoadResult = {
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
};
process.send!({ result: answer });
process.disconnect();
