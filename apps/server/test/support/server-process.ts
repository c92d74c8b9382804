// Vigie as a real child process (`node bin/vigie.js serve`, or another command that starts it, such
// as `npm start`), for tests that kill or signal it.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { HttpClient } from './app.ts';

const vigie = fileURLToPath(new URL('../../bin/vigie.js', import.meta.url));

export interface ServerProcess extends HttpClient {
  child: ChildProcess;
  stdout: () => string;
  /** The envelope endpoint of the project whose DSN the first start printed, with its key. */
  envelopeUrl: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface StartCommand {
  command: string;
  args: string[];
  cwd?: string;
}

/** Start Vigie (by default `node bin/vigie.js serve`) and wait until /readyz answers 200. */
export async function startServerProcess(
  env: Record<string, string>,
  start: StartCommand = { command: process.execPath, args: [vigie, 'serve'] },
  { readyTimeoutMs = 20_000, port: fixedPort }: { readyTimeoutMs?: number; port?: number } = {},
): Promise<ServerProcess> {
  // A fixed port: a restarted instance takes its predecessor's place behind a load balancer.
  const port = fixedPort ?? (await freePort());
  const child = spawn(start.command, start.args, {
    cwd: start.cwd,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    out += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let readyz = 'no answer';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigie exited early: ${out}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      async (r) => {
        readyz = `${r.status} ${await r.text()}`;
        return r.ok;
      },
      (error: unknown) => {
        readyz = String(error);
        return false;
      },
    );
    if (ready) break;
    if (Date.now() > deadline) {
      // Not left running behind a failed test.
      child.kill('SIGKILL');
      throw new Error(`vigie did not become ready (/readyz: ${readyz}): ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const envelopeUrl = () => {
    const printed = /DSN:\s+(\S+)/.exec(out)?.[1];
    if (!printed) throw new Error(`vigie printed no DSN (not a first start?): ${out}`);
    const dsn = new URL(printed);
    return `${baseUrl}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`;
  };
  const fetchPath = (path: string | URL, init?: RequestInit) => fetch(new URL(path, baseUrl), init);
  return { child, baseUrl, fetch: fetchPath, stdout: () => out, envelopeUrl, exited };
}
