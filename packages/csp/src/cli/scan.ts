// `vigie-csp scan <url>`: fetches the page and prints its security-header grade with reasons and CSP findings.

import { formatScanReport } from '../scan/report.ts';
import { scanHeaders } from '../scan/scan.ts';
import type { CliIo } from './io.ts';
import { parseCommandArgs, UsageError } from './io.ts';

/**
 * Runs the command; resolves to the exit code (1 when the page cannot be fetched).
 *
 * @example
 * await runScan(['https://shop.example.com/', '--json'], io);
 */
export async function runScan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', args, {
    json: { type: 'boolean' },
    timeout: { type: 'string' },
  });
  const url = positionals[0];
  if (url === undefined || positionals.length > 1) throw new UsageError('scan takes one URL', 'scan');
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
    throw new UsageError(`"${url}" is not an http(s) URL`, 'scan');
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError('--timeout must be a positive number of milliseconds', 'scan');
  try {
    const result = await scanHeaders(url, { timeoutMs });
    io.stdout(
      values.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${formatScanReport(result)}\n`,
    );
    return 0;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    io.stderr(
      `Could not fetch ${url}: ${(error as Error).message}${cause === undefined ? '' : ` (${cause})`}\n`,
    );
    return 1;
  }
}
