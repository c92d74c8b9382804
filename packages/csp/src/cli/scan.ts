// `vigie-csp scan <url>`: fetches the page and prints its security-header grade with reasons and CSP findings.

import { reachesSeverity } from '../evaluator/finding.ts';
import { formatScanReport } from '../scan/report.ts';
import { scanHeaders } from '../scan/scan.ts';
import type { CliIo } from './io.ts';
import { parseCommandArgs, readFailOn, UsageError } from './io.ts';

/**
 * Runs the command; resolves to the exit code: 1 when the page cannot be fetched, sends no CSP, or has a CSP
 * finding that reaches `--fail-on` (default high); else 0.
 *
 * @example
 * await runScan(['https://shop.example.com/', '--json'], io);
 */
export async function runScan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', args, {
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    'fail-on': { type: 'string' },
  });
  const failOn = readFailOn(values['fail-on'], 'scan');
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
    // A page without any CSP has no findings to fail on, yet is what a CI check is there to catch.
    const noCsp =
      result.headers['content-security-policy'] === undefined &&
      result.headers['content-security-policy-report-only'] === undefined;
    if (failOn !== 'none' && noCsp) {
      io.stderr('The page sends no Content-Security-Policy header.\n');
      return 1;
    }
    return reachesSeverity(result.findings, failOn) ? 1 : 0;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    io.stderr(
      `Could not fetch ${url}: ${(error as Error).message}${cause === undefined ? '' : ` (${cause})`}\n`,
    );
    return 1;
  }
}
