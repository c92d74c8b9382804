// Parses Content Security Policy text the way browsers do (CSP3 "parse a serialized CSP"): one policy, a header
// holding a comma-separated list of policies, or a <meta http-equiv> policy, with positioned problems.

import { isKnownDirective } from './directives.ts';
import type { Directive, ParseProblem, Policy } from './model.ts';
import { directiveProblems, fatalDirectiveProblems } from './problems.ts';
import { splitWithOffsets, tokenizePolicy } from './tokenize.ts';

/**
 * What parsing one policy gives.
 *
 * @example
 * const { policy, problems }: ParsedPolicy = parsePolicy("img-src 'self'");
 */
export interface ParsedPolicy {
  policy: Policy;
  problems: ParseProblem[];
}

/**
 * How long a policy may be, in UTF-16 code units, unless a caller asks for more: far above any real policy
 * (servers and proxies refuse response headers of a few tens of KiB), far below what would slow a collector.
 *
 * @example
 * parsePolicy('x'.repeat(MAX_POLICY_LENGTH + 1)); // throws PolicyTooLargeError
 */
export const MAX_POLICY_LENGTH = 65_536;

/**
 * Options of the parsers.
 *
 * @example
 * parsePolicy(text, { maxLength: 1_000_000 }); // a benchmark or an offline tool may allow more
 */
export interface ParseOptions {
  /** Longest text accepted; longer input throws a PolicyTooLargeError. Default MAX_POLICY_LENGTH. */
  maxLength?: number;
}

/**
 * Thrown when a policy is longer than the parser accepts (`code` is `CSP_POLICY_TOO_LARGE`).
 *
 * @example
 * try { parsePolicy(report.originalPolicy); } catch (error) { if (error instanceof PolicyTooLargeError) skip(); }
 */
export class PolicyTooLargeError extends Error {
  readonly code = 'CSP_POLICY_TOO_LARGE';
  readonly length: number;
  readonly limit: number;

  constructor(length: number, limit: number) {
    super(
      `The policy is ${length.toLocaleString('en-US')} characters long; @vigie/csp reads policies up to ${limit.toLocaleString('en-US')} characters (no browser or server accepts a header that large). Check where this text comes from.`,
    );
    this.name = 'PolicyTooLargeError';
    this.length = length;
    this.limit = limit;
  }
}

function checkLength(text: string, options: ParseOptions): void {
  const limit = options.maxLength ?? MAX_POLICY_LENGTH;
  if (text.length > limit) throw new PolicyTooLargeError(text.length, limit);
}

function parseAt(text: string, base: number): ParsedPolicy {
  const directives: Directive[] = [];
  const problems: ParseProblem[] = [];
  // A set, not a search of the list so far: a policy of n directives parses in O(n), not O(n²).
  const seen = new Set<string>();
  for (const raw of tokenizePolicy(text, base)) {
    const name = raw.name.text.toLowerCase();
    const fatal = fatalDirectiveProblems(raw);
    if (fatal.length > 0) {
      for (const problem of fatal) problems.push(problem);
      continue;
    }
    if (seen.has(name)) {
      problems.push({
        code: 'duplicate-directive',
        severity: 'error',
        message: `Duplicate ${name} directive: browsers keep the first one and ignore this one. Merge their sources into the first.`,
        offset: raw.whole.offset,
        length: raw.whole.text.length,
        directive: name,
      });
      continue;
    }
    seen.add(name);
    for (const problem of directiveProblems(raw)) problems.push(problem);
    directives.push({ name, values: raw.values.map((v) => v.text) });
  }
  return { policy: { directives }, problems };
}

/**
 * Parses one serialized policy (a header value holding a single policy, or any policy text).
 * Duplicate directives are dropped (the first wins, as in browsers); unknown directives are kept.
 * A comma inside a value is reported, since in a header it would split the policy in two.
 *
 * @example
 * const { policy, problems } = parsePolicy("default-src 'self'; script-src self https://cdn.example.com");
 * policy.directives[1]; // { name: 'script-src', values: ['self', 'https://cdn.example.com'] }
 * problems[0]?.code; // 'unquoted-keyword' (offset 31, length 4)
 */
export function parsePolicy(text: string, options: ParseOptions = {}): ParsedPolicy {
  checkLength(text, options);
  return parseAt(text, 0);
}

/**
 * Parses a `Content-Security-Policy` (or `-Report-Only`) header value, which may hold several policies
 * separated by commas (also what several headers combine into). Offsets are relative to the whole value.
 * Empty policies are skipped, as browsers do.
 *
 * @example
 * const { policies } = parsePolicyHeader("default-src 'self', script-src 'nonce-abc123'");
 * policies.length; // 2: a resource must satisfy both
 */
export function parsePolicyHeader(
  headerValue: string,
  options: ParseOptions = {},
): { policies: Policy[]; problems: ParseProblem[] } {
  checkLength(headerValue, options);
  const policies: Policy[] = [];
  const problems: ParseProblem[] = [];
  const parts = splitWithOffsets(headerValue, ',', 0);
  parts.forEach((part, index) => {
    const parsed = parseAt(part.text, part.offset);
    for (const problem of parsed.problems) problems.push(problem);
    const first = tokenizePolicy(part.text, part.offset)[0]?.name.text.toLowerCase();
    if (index > 0 && first !== undefined && !isKnownDirective(first) && looksLikeSource(first)) {
      problems.push({
        code: 'comma-in-value',
        severity: 'error',
        message: `The comma before "${first}" starts a new policy, so "${first}" is read as a directive name. Separate sources with spaces, not commas.`,
        offset: part.offset - 1,
        length: 1,
        directive: first,
      });
    }
    if (parsed.policy.directives.length > 0) policies.push(parsed.policy);
  });
  return { policies, problems };
}

function looksLikeSource(name: string): boolean {
  return name.startsWith("'") || name.includes('.') || name.includes(':') || name === '*';
}

/** Directives a `<meta http-equiv="Content-Security-Policy">` policy may not use (CSP3 §3.3). */
const NOT_IN_META = ['frame-ancestors', 'report-uri', 'sandbox'];

/**
 * Parses the `content` of a `<meta http-equiv="Content-Security-Policy">` element: one policy (commas are
 * not separators there), without `frame-ancestors`, `report-uri` and `sandbox`, which browsers ignore in
 * meta policies; each one removed is reported as a warning.
 *
 * @example
 * const { policy, problems } = parseMetaPolicy("default-src 'self'; frame-ancestors 'none'");
 * policy.directives.map((d) => d.name); // ['default-src']
 * problems[0]?.code; // 'ignored-in-meta'
 */
export function parseMetaPolicy(content: string, options: ParseOptions = {}): ParsedPolicy {
  checkLength(content, options);
  const parsed = parseAt(content, 0);
  const problems = parsed.problems.filter((p) => p.code !== 'comma-in-value');
  const kept: Directive[] = [];
  for (const directive of parsed.policy.directives) {
    if (!NOT_IN_META.includes(directive.name)) {
      kept.push(directive);
      continue;
    }
    const offset = findDirectiveOffset(content, directive.name);
    problems.push({
      code: 'ignored-in-meta',
      severity: 'warning',
      message: `${directive.name} is ignored in a <meta> policy; send it in the Content-Security-Policy HTTP header instead.`,
      offset,
      length: directive.name.length,
      directive: directive.name,
    });
  }
  return { policy: { directives: kept }, problems };
}

function findDirectiveOffset(text: string, name: string): number {
  const match = new RegExp(`(^|[;\\s])${name}(?=[\\s;]|$)`, 'i').exec(text);
  return match === null ? 0 : match.index + (match[1]?.length ?? 0);
}
