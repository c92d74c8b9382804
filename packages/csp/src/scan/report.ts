// Writes a scan result as the text the CLI prints: the grade, one line per header, then the CSP findings.

import type { ScanResult } from './scan.ts';

const MARKS: Record<string, string> = { good: '✓', warning: '!', bad: '✗', missing: '✗', info: '·' };

/**
 * The scan as lines of text.
 *
 * @example
 * console.log(formatScanReport(await scanHeaders('https://shop.example.com/')));
 * // Security headers of https://shop.example.com/ (200): grade B, score 80/100
 * //   ✓ Content-Security-Policy             Enforced, with no high-severity findings.
 * //   ✗ Permissions-Policy                  Missing: limit features such as camera, …
 */
export function formatScanReport(result: ScanResult): string {
  const redirect = result.finalUrl === result.url ? '' : ` → ${result.finalUrl}`;
  const lines = [
    `Security headers of ${result.url}${redirect} (${result.status}): grade ${result.grade}, score ${result.score}/100`,
    '',
  ];
  const width = Math.max(...result.checks.map((c) => c.header.length));
  for (const c of result.checks) {
    lines.push(`  ${MARKS[c.status] ?? ' '} ${c.header.padEnd(width)}  ${c.reason}`);
  }
  if (result.findings.length > 0) {
    lines.push('', 'CSP findings:');
    for (const f of result.findings) {
      const where = [f.directive, f.value].filter((p) => p !== undefined && p !== '').join(' ');
      lines.push(`  ${f.severity.padEnd(6)} ${f.type} (${where}): ${f.description}`);
    }
  }
  return lines.join('\n');
}
