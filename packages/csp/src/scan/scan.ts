// Fetches a page and grades its security headers: the network half of the scanner, around the pure gradeHeaders.

import type { HeaderGrade } from './grade.ts';
import { gradeHeaders } from './grade.ts';
import { normalizeHeaders } from './headers.ts';

/**
 * A graded page.
 *
 * @example
 * const result: ScanResult = await scanHeaders('https://shop.example.com/');
 * console.log(result.finalUrl, result.status, result.grade);
 */
export interface ScanResult extends HeaderGrade {
  url: string;
  /** The URL after redirects, whose headers were graded. */
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
}

/**
 * Options of `scanHeaders`.
 *
 * @example
 * await scanHeaders('https://shop.example.com/', { timeoutMs: 5000 });
 */
export interface ScanOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeoutMs?: number;
}

/**
 * Fetches `url` (GET, following redirects) and grades the final response's headers.
 *
 * @example
 * const result = await scanHeaders('https://shop.example.com/');
 * console.log(result.grade, result.checks.filter((c) => c.status !== 'good').map((c) => c.reason));
 */
export async function scanHeaders(url: string, options: ScanOptions = {}): Promise<ScanResult> {
  const response = await fetch(url, {
    redirect: 'follow',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'user-agent': 'vigie-csp-scan' },
  });
  // Only the headers matter; do not download the page.
  await response.body?.cancel();
  const headers = normalizeHeaders(response.headers);
  const finalUrl = response.url === '' ? url : response.url;
  return { url, finalUrl, status: response.status, headers, ...gradeHeaders(headers, { url: finalUrl }) };
}
