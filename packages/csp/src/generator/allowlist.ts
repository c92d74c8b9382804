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
import { withReporting } from './reporting.ts';
import type { Evidence } from './screen.ts';
import { DEFAULT_EVIDENCE, IgnoredTally, Sightings, screenObservations } from './screen.ts';

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
  /**
   * The origin of the pages (e.g. `https://shop.example.com`); by default the most reported document origin.
   * Reports from pages elsewhere (a translation proxy's copy, a file opened from disk) are set aside.
   */
  pageOrigin?: string;
  /** Policy to extend; by default `default-src 'self'`. */
  base?: PolicyInput;
  /** Reports a source needs before it is added (default 2). */
  minReports?: number;
  /** Distinct pages a source must be reported from (default 2)… */
  minPages?: number;
  /** …or distinct days (from the observations' `receivedAt`) it must be reported on (default 2). */
  minDays?: number;
  /**
   * Scheme and wildcard sources (`blob:`, `data:`, `*`) the user decided to allow in script directives. Without
   * that decision the generator never adds them there: they come back as `scheme` decisions.
   */
  allowInScripts?: readonly string[];
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

interface Candidate {
  directive: string;
  source: string;
  sightings: Sightings;
  observations: Observation[];
}

function tally(
  observations: readonly Observation[],
  policy: Policy,
  pageOrigin: string | undefined,
  ignored: IgnoredTally,
): Candidate[] {
  const candidates = new Map<string, Candidate>();
  for (const o of observations) {
    const collapsed = collapseBlockedUri(o.blockedURL, pageOrigin);
    if (collapsed.kind === 'ignored') {
      ignored.add(o.blockedURL, collapsed.reason);
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
    let candidate = candidates.get(key);
    if (candidate === undefined) {
      candidate = { directive, source: collapsed.source, sightings: new Sightings(), observations: [] };
      candidates.set(key, candidate);
    }
    candidate.sightings.add(o);
    candidate.observations.push(o);
  }
  return [...candidates.values()];
}

const SCRIPT_DIRECTIVES = new Set(['script-src', 'script-src-elem', 'script-src-attr', 'worker-src']);

/** Sources that let an attacker run script they wrote: any URL of a scheme, or any host. */
function isBroadScriptSource(directive: string, source: string): boolean {
  return SCRIPT_DIRECTIVES.has(directive) && (source === '*' || /^[a-z][a-z0-9+.-]*:$/i.test(source));
}

function schemeDecision(candidate: Candidate): Decision {
  const { directive, source, sightings, observations } = candidate;
  const locations = [...new Set(observations.map((o) => o.sourceFile ?? o.documentURL))].sort();
  return {
    directive,
    kind: 'scheme',
    source,
    count: sightings.count,
    samples: [],
    hashes: [],
    truncatedSamples: 0,
    locations,
    options: ['allow-scheme'],
    advice: `Scripts from ${source} URLs were blocked ${sightings.count} time(s) (${locations.slice(0, 3).join(', ')}). Allowing ${source} in ${directive} lets injected code run any script it can write as a ${source} URL, which is why the evaluator rates it high: load the script from a file of the site instead, or allow ${source} knowingly (allowInScripts).`,
  };
}

function evidenceOf(options: GenerateOptions): Evidence {
  const evidence = { ...DEFAULT_EVIDENCE };
  for (const key of ['minReports', 'minPages', 'minDays'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${key} must be a whole number ≥ 1, not ${value}.`);
    evidence[key] = value;
  }
  return evidence;
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
  const evidence = evidenceOf(options);
  const allowed = new Set(options.allowInScripts ?? []);
  const base = toPolicy(options.base ?? DEFAULT_BASE);
  const screened = screenObservations(observations, pageOrigin);
  const ignored = new IgnoredTally();
  for (const i of screened.ignored) ignored.add(i.blockedUri, i.reason, i.count);
  const needed: SourceUse[] = [];
  const schemeDecisions: Decision[] = [];
  for (const candidate of tally(screened.kept, base, pageOrigin, ignored)) {
    const { directive, source, sightings } = candidate;
    if (isBroadScriptSource(directive, source) && !allowed.has(source)) {
      schemeDecisions.push(schemeDecision(candidate));
    } else if (sightings.enough(evidence) || allowed.has(source)) {
      needed.push({ directive, source, count: sightings.count });
    } else {
      for (const o of candidate.observations) ignored.add(o.blockedURL, sightings.shortfall(evidence));
    }
  }
  needed.sort(
    (a, b) =>
      a.directive.localeCompare(b.directive) || sourceRank(a.source).localeCompare(sourceRank(b.source)),
  );
  let policy = base;
  for (const use of needed) policy = addSources(policy, use.directive, [use.source]);
  policy = withReporting(policy, screened.kept);
  const result: GeneratedPolicy = {
    policy,
    decisions: [...collectDecisions(screened.kept, base), ...schemeDecisions],
    sources: needed,
    ignored: ignored.list(),
    notes: [],
  };
  if (pageOrigin !== undefined) result.pageOrigin = pageOrigin;
  return result;
}
