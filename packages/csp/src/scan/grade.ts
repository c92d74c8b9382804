// Grades a response's security headers A+ … F in the manner of securityheaders.com: points per header, the
// CSP judged by the evaluator's high-severity findings, reasons in words. Pure: headers in, grade out.

import { evaluatePolicy } from '../evaluator/evaluate.ts';
import type { EvaluationContext, Finding } from '../evaluator/finding.ts';
import { getDirective } from '../policy/model.ts';
import { parsePolicyHeader } from '../policy/parse.ts';
import type { HeaderCheck } from './checks.ts';
import {
  checkContentTypeOptions,
  checkFraming,
  checkHsts,
  checkPermissionsPolicy,
  checkReferrerPolicy,
} from './checks.ts';
import { checkDisclosure, checkIsolation } from './checks-isolation.ts';
import type { HeaderInput } from './headers.ts';
import { normalizeHeaders } from './headers.ts';

/**
 * Letter grades, best first.
 *
 * @example
 * const grade: Grade = gradeHeaders(headers).grade; // 'A+' … 'F'
 */
export type Grade = 'A+' | 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/**
 * The grade with everything that led to it.
 *
 * @example
 * const { grade, score, checks, findings }: HeaderGrade = gradeHeaders(headers, { url: 'https://shop.example.com/' });
 */
export interface HeaderGrade {
  grade: Grade;
  /** Points earned out of the points available, as a percentage (0–100). */
  score: number;
  checks: HeaderCheck[];
  /** The evaluator's findings on the enforced CSP (or on the report-only one when nothing is enforced). */
  findings: Finding[];
}

const THRESHOLDS: ReadonlyArray<[number, Grade]> = [
  [90, 'A'],
  [75, 'B'],
  [60, 'C'],
  [45, 'D'],
  [30, 'E'],
];

interface CspVerdict {
  check: HeaderCheck;
  findings: Finding[];
  frameAncestors?: string[];
}

const CSP = 'Content-Security-Policy';

function unenforcedCsp(reportOnly: string | undefined, context: EvaluationContext): CspVerdict {
  if (reportOnly === undefined) {
    const reason =
      'Missing: nothing limits what an injected script can do. Start with a report-only policy, then enforce it.';
    return { check: { header: CSP, status: 'missing', points: 0, maxPoints: 25, reason }, findings: [] };
  }
  const reason =
    'Only Content-Security-Policy-Report-Only is set: violations are reported, nothing is blocked.';
  const findings = parsePolicyHeader(reportOnly).policies.flatMap((p) => evaluatePolicy(p, context));
  return {
    check: { header: CSP, status: 'bad', points: 0, maxPoints: 25, reason, value: reportOnly },
    findings,
  };
}

function enforcedCsp(enforced: string, context: EvaluationContext): CspVerdict {
  const policies = parsePolicyHeader(enforced).policies;
  const perPolicy = policies.map((p) => evaluatePolicy(p, context));
  // Every enforced policy applies, so the strongest one sets the protection: grade on the fewest high findings.
  const high =
    perPolicy
      .map((list) => [...new Set(list.filter((f) => f.severity === 'high').map((f) => f.type))])
      .sort((a, b) => a.length - b.length)[0] ?? [];
  const check: HeaderCheck =
    high.length > 0
      ? {
          header: CSP,
          status: 'warning',
          points: 18,
          maxPoints: 25,
          reason: `Enforced, but with high-severity findings: ${high.join(', ')}.`,
        }
      : {
          header: CSP,
          status: 'good',
          points: 25,
          maxPoints: 25,
          reason: 'Enforced, with no high-severity findings.',
        };
  check.value = enforced;
  const verdict: CspVerdict = { check, findings: perPolicy.flat() };
  const ancestors = policies.map((p) => getDirective(p, 'frame-ancestors')).find((d) => d !== undefined);
  if (ancestors !== undefined) verdict.frameAncestors = ancestors.values;
  return verdict;
}

function checkCsp(headers: Record<string, string>): CspVerdict {
  const endpoints = headers['reporting-endpoints'];
  const context: EvaluationContext = endpoints === undefined ? {} : { reportingEndpoints: endpoints };
  const enforced = headers['content-security-policy'];
  return enforced === undefined
    ? unenforcedCsp(headers['content-security-policy-report-only'], context)
    : enforcedCsp(enforced, context);
}

/**
 * Grades headers. Pass the page URL so HSTS is judged only over https (A+ also needs https).
 *
 * @example
 * const { grade, checks } = gradeHeaders({
 *   'content-security-policy': "script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
 *   'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
 *   'x-content-type-options': 'nosniff',
 *   'referrer-policy': 'strict-origin-when-cross-origin',
 *   'permissions-policy': 'camera=(), microphone=()',
 * }, { url: 'https://shop.example.com/' });
 * grade; // 'A+'
 */
export function gradeHeaders(input: HeaderInput, options: { url?: string } = {}): HeaderGrade {
  const headers = normalizeHeaders(input);
  const https = options.url === undefined || options.url.toLowerCase().startsWith('https:');
  const csp = checkCsp(headers);
  const graded = [
    csp.check,
    checkHsts(headers, https),
    checkFraming(headers, csp.frameAncestors),
    checkContentTypeOptions(headers),
    checkReferrerPolicy(headers),
    checkPermissionsPolicy(headers),
  ];
  const checks = [...graded, ...checkIsolation(headers), ...checkDisclosure(headers)];
  const available = graded.reduce((sum, c) => sum + c.maxPoints, 0);
  const earned = graded.reduce((sum, c) => sum + c.points, 0);
  const score = Math.round((100 * earned) / available);
  const letter = THRESHOLDS.find(([min]) => score >= min)?.[1] ?? 'F';
  const grade: Grade = score === 100 && https ? 'A+' : letter;
  return { grade, score, checks, findings: csp.findings };
}
