// `vigie-csp hash <files…>`: prints the hash manifest of HTML files' inline blocks and of whole .js/.css files.

import { readFile } from 'node:fs/promises';
import { buildHashManifest, isHashableFile } from '../hash/manifest.ts';
import type { HashAlgorithm } from '../policy/source.ts';
import type { CliIo } from './io.ts';
import { parseCommandArgs, UsageError } from './io.ts';

const ALGORITHMS: readonly string[] = ['sha256', 'sha384', 'sha512'];

/**
 * Runs the command; resolves to the exit code.
 *
 * @example
 * await runHash(['public/index.html', 'public/app.js'], io); // manifest JSON on io.stdout
 */
export async function runHash(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('hash', args, { algorithm: { type: 'string' } });
  const algorithm = values.algorithm ?? 'sha256';
  if (!ALGORITHMS.includes(algorithm))
    throw new UsageError('--algorithm must be sha256, sha384 or sha512', 'hash');
  if (positionals.length === 0) throw new UsageError('hash needs at least one file', 'hash');
  const unsupported = positionals.filter((path) => !isHashableFile(path));
  if (unsupported.length > 0)
    throw new UsageError(
      `cannot hash ${unsupported.join(', ')}: expected .html, .js, .mjs, .cjs or .css files`,
      'hash',
    );
  const files = await Promise.all(positionals.map(async (path) => ({ path, content: await readFile(path) })));
  io.stdout(`${JSON.stringify(buildHashManifest(files, algorithm as HashAlgorithm), null, 2)}\n`);
  return 0;
}
