// Loads requests captured from real Sentry clients (test/fixtures/real-clients/*.jsonl, one request per
// line with a base64 body; the folder's README says which client sent what).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
