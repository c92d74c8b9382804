// HAProxy from Debian in front of Vigie instances, for the zero-downtime tests: a generated config
// (the one docs/deploying.md recommends, with shorter check intervals), the process, and its runtime
// API over a Unix socket to switch servers and read their state.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';

export const HAPROXY = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy'].find((file) => existsSync(file));

export interface BalancedServer {
  name: string;
  port: number;
  /** Starts in maintenance (HAProxy's `disabled`): the idle side of a blue/green pair. */
  disabled?: boolean;
}

/** The backend's settings: what docs/deploying.md explains, line by line. */
export function haproxyConfig(port: number, socket: string, servers: readonly BalancedServer[]): string {
  return `global
  stats socket ${socket} mode 600 level admin
  maxconn 2000

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 10s
  timeout http-request 10s
  # /readyz answers in milliseconds, but a loaded machine may take seconds: a slow answer is no failure.
  timeout check 5s
  # A request that reached a draining instance (503 shutting_down, answered before Vigie does
  # anything with it), or whose connection was refused or closed, goes to another instance.
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response 503
  option forwardfor

frontend vigie_in
  bind 127.0.0.1:${port}
  default_backend vigie

backend vigie
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server check inter 500ms fall 2 rise 1
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port}${s.disabled ? ' disabled' : ''}`).join('\n')}
`;
}

export interface Haproxy {
  port: number;
  /** One runtime API command; its answer. */
  command(line: string): Promise<string>;
  /** Each server's state as `show stat` reports it (UP, DOWN, MAINT...). */
  states(): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

export async function startHaproxy(
  dir: string,
  port: number,
  servers: readonly BalancedServer[],
): Promise<Haproxy> {
  if (!HAPROXY) throw new Error('HAProxy is not installed: apt-get install haproxy (.ci/run does)');
  const socket = path.join(dir, 'haproxy.sock');
  const config = path.join(dir, 'haproxy.cfg');
  writeFileSync(config, haproxyConfig(port, socket, servers));
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const command = (line: string) =>
    new Promise<string>((resolve, reject) => {
      const connection = createConnection(socket);
      let answer = '';
      connection.on('data', (chunk) => {
        answer += chunk;
      });
      connection.on('end', () => resolve(answer));
      connection.on('error', reject);
      connection.end(`${line}\n`);
    });
  const states = async () => {
    const csv = await command('show stat');
    const result = new Map<string, string>();
    for (const row of csv.split('\n').map((line) => line.split(','))) {
      if (row[0] === 'vigie' && row[1] !== 'BACKEND') result.set(row[1]!, row[17]!);
    }
    return result;
  };
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${stderr}`);
    if (
      await states().then(
        () => true,
        () => false,
      )
    )
      break;
    if (attempt > 200) throw new Error(`haproxy did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port,
    command,
    states,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Wait until HAProxy reports the server in `state` (its health checks run every 500 ms). */
export async function waitForState(haproxy: Haproxy, server: string, state: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const now = (await haproxy.states()).get(server);
    if (now?.startsWith(state)) return;
    if (attempt > 400) throw new Error(`${server} stayed ${now}, not ${state}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
