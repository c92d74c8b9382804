// Computes the CSP response headers for one response from the compiled options and the response's state
// (nonce, chosen override and appends, hashes found at run time). Pure: no request, no response object.

import { addSources, replaceDirectives } from '../generator/edit.ts';
import { fillNonce } from '../generator/nonce-placeholder.ts';
import type { HashSources } from '../hash/manifest.ts';
import { effectiveDirective } from '../policy/fallback.ts';
import type { Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { serializePolicy } from '../policy/serialize.ts';
import type { CompiledCsp } from './options.ts';

/**
 * What varies from one response to the next.
 *
 * @example
 * const state: ResponseCspState = { nonce: createNonce(), override: 'embed', appends: ['maps'] };
 */
export interface ResponseCspState {
  nonce: string;
  override?: string;
  appends: readonly string[];
  /** Hashes of inline blocks found in this response's body. */
  runtimeHashes?: HashSources;
}

// Hashes go to the directive that governs inline <script>/<style> elements; a default-src stand-in is
// replaced by a script-src/style-src of its own (addSources copies default-src's sources into it).
function addHashes(policy: Policy, kind: 'script-src' | 'style-src', hashes: readonly string[]): Policy {
  if (hashes.length === 0) return policy;
  const governing = effectiveDirective(policy, `${kind}-elem`);
  if (governing === undefined) return policy;
  return addSources(policy, governing.name === 'default-src' ? kind : governing.name, hashes);
}

function addReporting(policy: Policy, compiled: CompiledCsp): Policy {
  const directives = policy.directives.map((d) => ({ name: d.name, values: [...d.values] }));
  if (compiled.reportUri !== undefined && getDirective(policy, 'report-uri') === undefined) {
    directives.push({ name: 'report-uri', values: [compiled.reportUri] });
  }
  if (compiled.reportTo !== undefined && getDirective(policy, 'report-to') === undefined) {
    directives.push({ name: 'report-to', values: [compiled.reportTo.group] });
  }
  return { directives };
}

/**
 * The policy template (nonce placeholder still in) for a response's override and appends.
 *
 * @example
 * serializePolicy(policyFor(compiled.enforce!, compiled, { nonce: 'n', appends: ['analytics'] }));
 */
export function policyFor(base: Policy, compiled: CompiledCsp, state: ResponseCspState): Policy {
  let policy = base;
  const override = state.override === undefined ? undefined : compiled.overrides.get(state.override);
  if (override !== undefined) policy = replaceDirectives(policy, override);
  for (const name of state.appends) {
    for (const [directive, values] of Object.entries(compiled.appends.get(name) ?? {})) {
      if (values !== null) policy = addSources(policy, directive, values, { whenUnrestricted: 'create' });
    }
  }
  for (const kind of ['script-src', 'style-src'] as const) {
    policy = addHashes(policy, kind, [...compiled.hashes[kind], ...(state.runtimeHashes?.[kind] ?? [])]);
  }
  return addReporting(policy, compiled);
}

/**
 * The headers to send: `Content-Security-Policy` and/or `-Report-Only` with the nonce filled in, and
 * `Reporting-Endpoints` when `reportTo` is configured.
 *
 * @example
 * cspHeaders(compileCspOptions({ policy: "script-src 'nonce-{nonce}'", reportUri: '/csp' }), { nonce: 'abc', appends: [] });
 * // { 'Content-Security-Policy': "script-src 'nonce-abc'; report-uri /csp" }
 */
export function cspHeaders(compiled: CompiledCsp, state: ResponseCspState): Record<string, string> {
  const headers: Record<string, string> = {};
  if (compiled.enforce !== undefined) {
    headers['Content-Security-Policy'] = serializePolicy(
      fillNonce(policyFor(compiled.enforce, compiled, state), state.nonce),
    );
  }
  if (compiled.reportOnly !== undefined) {
    headers['Content-Security-Policy-Report-Only'] = serializePolicy(
      fillNonce(policyFor(compiled.reportOnly, compiled, state), state.nonce),
    );
  }
  const endpoints: string[] = [];
  if (compiled.reportingEndpoints !== undefined) endpoints.push(compiled.reportingEndpoints);
  const { reportTo } = compiled;
  if (
    reportTo !== undefined &&
    !endpoints.some((e) => new RegExp(`(^|,)\\s*${reportTo.group}\\s*=`).test(e))
  ) {
    endpoints.push(`${reportTo.group}="${reportTo.url}"`);
  }
  if (endpoints.length > 0) headers['Reporting-Endpoints'] = endpoints.join(', ');
  return headers;
}
