// Compares Vigie's evaluator with Google's on one policy: maps our finding types onto theirs where both implement
// the check, and lists the findings only one side reports.

import { readFileSync } from 'node:fs';
import { evaluatePolicy } from '../../src/evaluator/evaluate.ts';
import { oracleFindings } from './oracle.ts';

/** Our finding type → the csp_evaluator Type it corresponds to. Types absent here have no counterpart. */
export const TYPE_MAP: Readonly<Record<string, string>> = {
  'missing-semicolon': 'MISSING_SEMICOLON',
  'unknown-directive': 'UNKNOWN_DIRECTIVE',
  'invalid-directive-name': 'UNKNOWN_DIRECTIVE',
  'unquoted-keyword': 'INVALID_KEYWORD',
  'invalid-keyword': 'INVALID_KEYWORD',
  'nonce-charset': 'NONCE_CHARSET',
  'missing-object-src': 'MISSING_DIRECTIVES',
  'missing-script-src': 'MISSING_DIRECTIVES',
  'missing-base-uri': 'MISSING_DIRECTIVES',
  'script-unsafe-inline': 'SCRIPT_UNSAFE_INLINE',
  'script-unsafe-eval': 'SCRIPT_UNSAFE_EVAL',
  'script-unsafe-hashes': 'SCRIPT_UNSAFE_HASHES',
  'unsafe-scheme-source': 'PLAIN_URL_SCHEMES',
  'wildcard-source': 'PLAIN_WILDCARD',
  'script-allowlist-bypass': 'SCRIPT_ALLOWLIST_BYPASS',
  'script-allowlist-unverified': 'SCRIPT_ALLOWLIST_BYPASS',
  'script-self-bypass': 'SCRIPT_ALLOWLIST_BYPASS',
  'object-allowlist-bypass': 'OBJECT_ALLOWLIST_BYPASS',
  'object-src-not-none': 'OBJECT_ALLOWLIST_BYPASS',
  'nonce-too-short': 'NONCE_LENGTH',
  'ip-source': 'IP_SOURCE',
  'deprecated-directive': 'DEPRECATED_DIRECTIVE',
  'insecure-http-source': 'SRC_HTTP',
  'insecure-report-uri': 'SRC_HTTP',
  'ignored-source': 'IGNORED',
  'no-strict-dynamic': 'STRICT_DYNAMIC',
  'strict-dynamic-without-nonce': 'STRICT_DYNAMIC_NOT_STANDALONE',
  'missing-unsafe-inline-fallback': 'UNSAFE_INLINE_FALLBACK',
  'missing-allowlist-fallback': 'ALLOWLIST_FALLBACK',
  'missing-trusted-types': 'REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS',
  'no-reporting': 'REPORTING_DESTINATION_MISSING',
  'report-to-only': 'REPORT_TO_ONLY',
};

/** Their types that some check of ours covers. */
export const SHARED_TYPES: ReadonlySet<string> = new Set(Object.values(TYPE_MAP));

/**
 * Their types that never carry a value (the finding is about a directive as a whole). Ours sometimes name the
 * value involved (e.g. the report-to group); the value is left out of the comparison for these types.
 */
const VALUELESS: ReadonlySet<string> = new Set([
  'MISSING_DIRECTIVES',
  'UNKNOWN_DIRECTIVE',
  'DEPRECATED_DIRECTIVE',
  'STRICT_DYNAMIC',
  'STRICT_DYNAMIC_NOT_STANDALONE',
  'UNSAFE_INLINE_FALLBACK',
  'ALLOWLIST_FALLBACK',
  'REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS',
  'REPORTING_DESTINATION_MISSING',
  'REPORT_TO_ONLY',
]);

/** One finding reduced to what both tools can be compared on: mapped type, directive, value (lower-cased). */
export function findingKey(type: string, directive: string, value: string | undefined): string {
  const shown = VALUELESS.has(type) ? '' : (value ?? '').toLowerCase();
  return [type, directive.toLowerCase(), shown].join(' | ');
}

/** The comparison of both tools on one policy. */
export interface PolicyComparison {
  id: string;
  policy: string;
  ours: string[];
  theirs: string[];
  onlyOurs: string[];
  onlyTheirs: string[];
}

/** Compares both evaluators on one policy over the shared finding types. */
export function comparePolicy(id: string, policy: string): PolicyComparison {
  const ours = new Set<string>();
  for (const f of evaluatePolicy(policy)) {
    const mapped = TYPE_MAP[f.type];
    if (mapped !== undefined) ours.add(findingKey(mapped, f.directive, f.value));
  }
  const theirs = new Set<string>();
  for (const f of oracleFindings(policy)) {
    if (SHARED_TYPES.has(f.type)) theirs.add(findingKey(f.type, f.directive, f.value));
  }
  return {
    id,
    policy,
    ours: [...ours].sort(),
    theirs: [...theirs].sort(),
    onlyOurs: [...ours].filter((k) => !theirs.has(k)).sort(),
    onlyTheirs: [...theirs].filter((k) => !ours.has(k)).sort(),
  };
}

/** Agreement figures over a corpus. */
export interface Agreement {
  policies: number;
  /** Policies on which both report exactly the same shared findings. */
  agreeingPolicies: number;
  /** Shared findings both report, over shared findings either reports. */
  findingsBoth: number;
  findingsEither: number;
}

/** Loads the committed corpus. */
export function loadCorpus(): { id: string; origin: string; policy: string }[] {
  return JSON.parse(readFileSync(new URL('./corpus/policies.json', import.meta.url), 'utf8'));
}

/** Compares every corpus policy and sums up the agreement. */
export function compareCorpus(): { comparisons: PolicyComparison[]; agreement: Agreement } {
  const comparisons = loadCorpus().map((p) => comparePolicy(p.id, p.policy));
  let findingsBoth = 0;
  let findingsEither = 0;
  for (const c of comparisons) {
    const both = c.ours.length - c.onlyOurs.length;
    findingsBoth += both;
    findingsEither += both + c.onlyOurs.length + c.onlyTheirs.length;
  }
  const agreeingPolicies = comparisons.filter((c) => c.onlyOurs.length + c.onlyTheirs.length === 0).length;
  return {
    comparisons,
    agreement: { policies: comparisons.length, agreeingPolicies, findingsBoth, findingsEither },
  };
}
