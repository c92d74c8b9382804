// Builds the strict alternative to an allowlist: a per-response nonce with 'strict-dynamic', plugins and <base>
// switched off, plus hashes of the inline scripts whose report samples were complete. Needs a site that can nonce.

import type { Policy } from '../policy/model.ts';
import type { GeneratedPolicy, GenerateOptions } from './allowlist.ts';
import { mostCommonOrigin } from './allowlist.ts';
import { collapseBlockedUri } from './collapse.ts';
import { collectDecisions } from './decisions.ts';
import { toPolicy } from './edit.ts';
import { NONCE_PLACEHOLDER } from './nonce-placeholder.ts';
import type { Observation } from './observation.ts';
import { withReporting } from './reporting.ts';
import { screenObservations } from './screen.ts';

/**
 * Options of the strict generator.
 *
 * @example
 * generateStrictPolicy(observations, { backwardCompatible: false, base: 'report-uri /csp' });
 */
export interface StrictOptions extends GenerateOptions {
  /**
   * Add `'unsafe-inline' https:` for browsers without nonces or 'strict-dynamic' (CSP3 browsers ignore both
   * when a nonce and 'strict-dynamic' are present). Default true, as Google's strict CSP recommends.
   */
  backwardCompatible?: boolean;
}

/**
 * Builds a strict policy: `script-src 'nonce-{nonce}' 'strict-dynamic'` (plus hashes of complete inline
 * samples), `object-src 'none'`, `base-uri 'none'`, keeping the reporting directives of the base or of the
 * reports. The `{nonce}` placeholder is filled per response by the middleware. Script hosts are not listed:
 * scripts loaded by a nonced script are trusted through 'strict-dynamic', and `<script src>` tags need the nonce.
 *
 * @example
 * const { policy, decisions } = generateStrictPolicy(observationsFromReports(reports));
 * serializePolicy(policy);
 * // "script-src 'nonce-{nonce}' 'strict-dynamic' 'sha256-…' 'unsafe-inline' https:; object-src 'none'; base-uri 'none'"
 */
export function generateStrictPolicy(
  observations: readonly Observation[],
  options: StrictOptions = {},
): GeneratedPolicy {
  const pageOrigin = options.pageOrigin ?? mostCommonOrigin(observations);
  const screened = screenObservations(observations, pageOrigin);
  const scripts = screened.kept.filter((o) => /^script-src(-elem|-attr)?$/.test(o.effectiveDirective));
  const start: Policy = {
    directives: [{ name: 'script-src', values: [NONCE_PLACEHOLDER, "'strict-dynamic'"] }],
  };
  // Next to a nonce, browsers ignore 'unsafe-inline': it is no way out in a strict policy.
  const decisions = collectDecisions(scripts, start).map((d) => ({
    ...d,
    options: d.options.filter((option) => option !== 'unsafe-inline'),
  }));
  const hashes = decisions.filter((d) => d.kind === 'inline').flatMap((d) => d.hashes);
  const fallbacks = options.backwardCompatible === false ? [] : ["'unsafe-inline'", 'https:'];
  const base = options.base === undefined ? undefined : toPolicy(options.base);
  const written: Policy = {
    directives: [
      { name: 'script-src', values: [NONCE_PLACEHOLDER, "'strict-dynamic'", ...hashes, ...fallbacks] },
      { name: 'object-src', values: ["'none'"] },
      { name: 'base-uri', values: ["'none'"] },
      ...(base === undefined
        ? []
        : base.directives.filter((d) => d.name === 'report-uri' || d.name === 'report-to')),
    ],
  };
  const policy = withReporting(written, screened.kept);
  const hosts = new Set(
    scripts.flatMap((o) => {
      const collapsed = collapseBlockedUri(o.blockedURL, pageOrigin);
      return collapsed.kind === 'source' ? [collapsed.source] : [];
    }),
  );
  const notes =
    hosts.size === 0
      ? []
      : [
          `Scripts came from ${[...hosts].join(', ')}: give their <script src> tags the nonce; scripts they load are trusted through 'strict-dynamic'.`,
        ];
  const result: GeneratedPolicy = { policy, decisions, sources: [], ignored: screened.ignored, notes };
  if (pageOrigin !== undefined) result.pageOrigin = pageOrigin;
  return result;
}
