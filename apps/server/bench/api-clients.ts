// The API benchmark's readers: N clients on keep-alive connections, each going round the requests the
// dashboard's pages make, one at a time, for a while; every latency is kept per request, for its
// percentiles. They run in the bench's process, which does nothing else meanwhile (the ingest load runs
// in a process of its own, see ingest-load-process.ts).

import { Agent, request } from 'node:http';

export interface PageRequest {
  /** What the page shows, as the report prints it. */
  label: string;
  path: string;
}

export type Latencies = Map<string, number[]>;

function get(agent: Agent, base: URL, token: string, path: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: base.hostname, port: base.port, path, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path} answered ${res.statusCode}`));
          else resolve(performance.now() - started);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** `clients` loops, each starting at its own place in the list, for `seconds`. */
export async function readLoad(
  baseUrl: string,
  token: string,
  requests: readonly PageRequest[],
  clients: number,
  seconds: number,
): Promise<Latencies> {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: Latencies = new Map(requests.map((r) => [r.label, []]));
  const until = performance.now() + seconds * 1000;
  const client = async (offset: number) => {
    for (let i = offset; performance.now() < until; i++) {
      const r = requests[i % requests.length]!;
      latencies.get(r.label)!.push(await get(agent, base, token, r.path));
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c * 3)));
  } finally {
    agent.destroy();
  }
  return latencies;
}

/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
