// Loads requests captured from real Sentry clients (test/fixtures/real-clients/*.jsonl, one request per
// line with a base64 body; the folder's README says which client sent what).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunningVigie } from './app.ts';

export interface FixtureRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The raw body bytes as the client sent them (gzip, zlib+base64… exactly as captured). */
  body: Buffer;
}

export const REAL_CLIENT_FIXTURES = new URL('../fixtures/real-clients/', import.meta.url);

/** Every request of `<name>.jsonl`, e.g. `loadFixture('sentry-python-1.9.10')`. */
export function loadFixture(name: string): FixtureRequest[] {
  const file = new URL(`${name}.jsonl`, REAL_CLIENT_FIXTURES);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Fixture ${name} not found at ${fileURLToPath(file)} (${(error as Error).message}).`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const record = JSON.parse(line) as {
        method: string;
        url: string;
        headers: Record<string, string>;
        body: string;
      };
      if (typeof record.body !== 'string')
        throw new Error(`Fixture ${name} line ${index + 1} has no base64 body.`);
      return {
        method: record.method,
        url: record.url,
        headers: record.headers,
        body: Buffer.from(record.body, 'base64'),
      };
    });
}

/** The DSN key the captures were recorded with (project 42). */
export const FIXTURE_KEY = 'abc123def456';

/** Gives the test project the captures' DSN key, so that they replay as they were sent. */
export async function addFixtureKey(vigie: RunningVigie): Promise<void> {
  await vigie.app.vigie.database.db
    .insertInto('project_keys')
    .values({
      project_id: vigie.projectId,
      public_key: FIXTURE_KEY,
      secret_key: 'secret789',
      label: 'fixtures',
      rate_limit_per_minute: null,
      created_at: Date.now(),
      revoked_at: null,
    })
    .execute();
}

/** Sends a captured request, byte for byte, to the test project (addFixtureKey first). */
export function replay(vigie: RunningVigie, request: FixtureRequest): Promise<Response> {
  const url = request.url.replace(/^\/api\/42\//, `/api/${vigie.projectId}/`);
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name]) => !['host', 'content-length', 'connection', 'transfer-encoding'].includes(name),
    ),
  );
  return vigie.fetch(url, { method: request.method, headers, body: new Uint8Array(request.body) });
}
