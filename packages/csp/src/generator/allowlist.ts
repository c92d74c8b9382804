// Builds an allowlist policy from observed violations: every blocked resource becomes the narrowest source
// that allows it, added to a base policy ('self' by default); inline code and eval come back as decisions.

import { isAllowed } from '../policy/match.ts';
import type { Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { collapseBlockedUri, originOf } from './collapse.ts';
import type { Decision } from './decisions.ts';
import { collectDecisions, generalDirective } from './decisions.ts';
import type { PolicyInput } from './edit.ts';
import { addSources, toPolicy } from './edit.ts';
import type { Observation } from './observation.ts';

/**
 * A source the generated policy needed, and how often it was seen.
 *
 * @example
 * const use: SourceUse = { directive: 'img-src', source: 'https://images.example.com', count: 12 };
 */
export interface SourceUse {
  directive: string;
  source: string;
  count: number;
}

/**
 * A reported resource the generator left out, and why.
 *
 * @example
 * const ignored: IgnoredReport = { blockedUri: 'chrome-extension://abc/x.js', reason: 'a browser extension injected it; the site does not need it', count: 3 };
 */
export interface IgnoredReport {
  blockedUri: string;
  reason: string;
  count: number;
}

/**
 * What the generator returns: the policy, what is left to decide, and how it got there.
 *
 * @example
 * const { policy, decisions, sources, ignored, notes }: GeneratedPolicy = generatePolicy(observations);
 */
export interface GeneratedPolicy {
  policy: Policy;
  decisions: Decision[];
  /** Sources added to the base, by directive, with how many reports asked for each. */
  sources: SourceUse[];
  ignored: IgnoredReport[];
  /** The page origin that 'self' stands for. */
  pageOrigin?: string;
  notes: string[];
}

/**
 * Options of the generators.
 *
 * @example
 * generatePolicy(observations, { pageOrigin: 'https://shop.example.com', base: "default-src 'self'; report-uri /csp" });
 */
export interface GenerateOptions {
  /** The origin of the pages (e.g. `https://shop.example.com`); by default the most reported document origin. */
  pageOrigin?: string;
  /** Policy to extend; by default `default-src 'self'`. */
  base?: PolicyInput;
}

/**
 * The base a new allowlist starts from.
 *
 * @example
 * generatePolicy([]).policy; // parsed DEFAULT_BASE: default-src 'self'
 */
export const DEFAULT_BASE = "default-src 'self'";

/**
 * The most common document origin among observations.
 *
 * @example
 * mostCommonOrigin([{ effectiveDirective: 'img-src', blockedURL: 'data', documentURL: 'https://a.example/x' }]);
 * // 'https://a.example'
 */
export function mostCommonOrigin(observations: readonly Observation[]): string | undefined {
  const counts = new Map<string, number>();
  for (const o of observations) {
    const origin = originOf(o.documentURL);
    if (origin !== undefined) counts.set(origin, (counts.get(origin) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

// 'self' first, then schemes, then hosts, each alphabetically: the order people expect to read.
function sourceRank(source: string): string {
  if (source.startsWith("'")) return `0${source}`;
  return source.endsWith(':') ? `1${source}` : `2${source}`;
}

function tally(observations: readonly Observation[], policy: Policy, pageOrigin: string | undefined) {
  const uses = new Map<string, SourceUse>();
  const ignored = new Map<string, IgnoredReport>();
  for (const o of observations) {
    const collapsed = collapseBlockedUri(o.blockedURL, pageOrigin);
    if (collapsed.kind === 'ignored') {
      const entry = ignored.get(o.blockedURL) ?? {
        blockedUri: o.blockedURL,
        reason: collapsed.reason,
        count: 0,
      };
      entry.count += 1;
      ignored.set(o.blockedURL, entry);
      continue;
    }
    if (collapsed.kind !== 'source') continue;
    // Reports often come from an older policy: what the base allows already needs no new source.
    if (isAllowed(policy, o.effectiveDirective, blockedResource(o.blockedURL), pageOrigin ?? null)) continue;
    // A directive the base names itself (e.g. script-src-elem) is the one to widen; otherwise the general one.
    const directive = getDirective(policy, o.effectiveDirective)
      ? o.effectiveDirective
      : generalDirective(o.effectiveDirective);
    const key = `${directive} ${collapsed.source}`;
    const use = uses.get(key) ?? { directive, source: collapsed.source, count: 0 };
    use.count += 1;
    uses.set(key, use);
  }
  return { uses: [...uses.values()], ignored: [...ignored.values()] };
}

function blockedResource(blocked: string): string {
  return /^[a-z][a-z0-9+.-]*$/i.test(blocked) ? `${blocked}:` : blocked;
}

/**
 * Builds the allowlist policy that would have allowed every observed resource. URLs collapse to 'self', a
 * scheme and host, or a scheme (`data:`); sources already allowed by the base are not repeated. Inline code and
 * eval are not allowed silently: they come back as `decisions`.
 *
 * @example
 * const reports = JSON.parse(readFileSync('reports.json', 'utf8'));
 * const { policy, decisions } = generatePolicy(observationsFromReports(reports));
 * serializePolicy(policy);
 * // "default-src 'self'; script-src 'self' https://cdn.example.net; img-src 'self' data:"
 * decisions[0]; // { directive: 'script-src', kind: 'inline', options: ['nonce', 'hash', 'unsafe-inline'], … }
 */
export function generatePolicy(
  observations: readonly Observation[],
  options: GenerateOptions = {},
): GeneratedPolicy {
  const pageOrigin = options.pageOrigin ?? mostCommonOrigin(observations);
  const base = toPolicy(options.base ?? DEFAULT_BASE);
  const { uses, ignored } = tally(observations, base, pageOrigin);
  const needed = [...uses].sort(
    (a, b) =>
      a.directive.localeCompare(b.directive) || sourceRank(a.source).localeCompare(sourceRank(b.source)),
  );
  let policy = base;
  for (const use of needed) policy = addSources(policy, use.directive, [use.source]);
  const result: GeneratedPolicy = {
    policy,
    decisions: collectDecisions(observations, base),
    sources: needed,
    ignored,
    notes: [],
  };
  if (pageOrigin !== undefined) result.pageOrigin = pageOrigin;
  return result;
}
