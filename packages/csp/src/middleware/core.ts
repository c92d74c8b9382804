// The framework-free core of the middleware: validates options once, then for each response picks the route's
// override and appends, makes a nonce, and computes the headers again whenever a handler changes its choice.

import type { HashSources } from '../hash/manifest.ts';
import { cspHeaders } from './headers.ts';
import type { ActiveLivePolicy, LivePolicy } from './live-policy.ts';
import { startLivePolicy } from './live-policy.ts';
import { createNonce } from './nonce.ts';
import type { CompiledCsp, CspOptions } from './options.ts';
import { compileCspOptions } from './options.ts';

/**
 * The CSP of one response, as handlers see it.
 *
 * @example
 * const csp: CspResponse = res.locals.csp; // Express
 * csp.append('payments'); // before the response is sent
 * res.render('checkout', { nonce: csp.nonce });
 */
export interface CspResponse {
  /** This response's nonce (base64, 128 bits). */
  readonly nonce: string;
  /** Uses a named override for this response (replacing any route override). */
  override(name: string): void;
  /** Adds a named append for this response. */
  append(name: string): void;
  /** The headers as they stand. */
  headers(): Record<string, string>;
}

/**
 * What adapters need from the core.
 *
 * @example
 * const core: CspCore = createCspCore({ policy: "script-src 'nonce-{nonce}' 'strict-dynamic'" });
 */
export interface CspCore {
  readonly compiled: CompiledCsp;
  /** The live policy's handle when `livePolicy` is configured (ready, status, refresh, close). */
  readonly live?: LivePolicy;
  /** Starts a response; `apply` is called with the headers now and after every change. */
  start(pathname: string, apply: (headers: Record<string, string>) => void): CspResponse & ResponseHooks;
}

/**
 * Used by adapters that rewrite bodies.
 *
 * @example
 * csp.setRuntimeHashes({ 'script-src': [hashSource('start()')], 'style-src': [] });
 */
export interface ResponseHooks {
  setRuntimeHashes(hashes: HashSources): void;
}

function routeMatches(path: string | RegExp, pathname: string): boolean {
  if (typeof path !== 'string') return path.test(pathname);
  const prefix = path.endsWith('/') ? path.slice(0, -1) : path;
  return pathname === prefix || pathname.startsWith(`${prefix}/`) || prefix === '';
}

/**
 * Builds the core from options (validated now: a CspConfigError is thrown for a bad configuration).
 *
 * @example
 * const core = createCspCore({ policy: "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'" });
 * const csp = core.start('/checkout', (headers) => console.log(headers));
 * csp.nonce; // 'k2j…=='
 */
export function createCspCore(options: CspOptions): CspCore {
  const compiled = compileCspOptions(options);
  const cache = new Map<string, string>();
  const live = compiled.live === undefined ? undefined : startLivePolicy(compiled.live);
  // The options as they stand for the version in force: computed once per version, not per response.
  let inForce: { version: number | undefined; compiled: CompiledCsp } = { version: undefined, compiled };
  const current = (): CompiledCsp => {
    const active = live?.current();
    if (active === undefined || active.version === inForce.version) return inForce.compiled;
    inForce = { version: active.version, compiled: withLivePolicy(compiled, active) };
    cache.clear();
    return inForce.compiled;
  };
  const core: CspCore = {
    compiled,
    start(pathname, apply) {
      const compiled = current();
      let override: string | undefined;
      const appends: string[] = [];
      for (const route of compiled.routes) {
        if (!routeMatches(route.path, pathname)) continue;
        if (route.override !== undefined) override = route.override;
        appends.push(...route.appends.filter((a) => !appends.includes(a)));
      }
      const nonce = createNonce();
      let runtimeHashes: HashSources | undefined;
      const headers = (): Record<string, string> => {
        const state = { nonce, appends, ...(override === undefined ? {} : { override }) };
        if (runtimeHashes !== undefined) return cspHeaders(compiled, { ...state, runtimeHashes });
        return cachedHeaders(cache, compiled, state);
      };
      const known = (map: ReadonlyMap<string, unknown>, name: string, kind: string): void => {
        if (!map.has(name))
          throw new Error(`No CSP ${kind} named "${name}" (known: ${[...map.keys()].join(', ') || 'none'}).`);
      };
      apply(headers());
      return {
        nonce,
        headers,
        override(name) {
          known(compiled.overrides, name, 'override');
          override = name;
          apply(headers());
        },
        append(name) {
          known(compiled.appends, name, 'append');
          if (!appends.includes(name)) appends.push(name);
          apply(headers());
        },
        setRuntimeHashes(hashes) {
          runtimeHashes = hashes;
          apply(headers());
        },
      };
    },
  };
  return live === undefined ? core : Object.assign(core, { live });
}

function withLivePolicy(compiled: CompiledCsp, active: ActiveLivePolicy): CompiledCsp {
  const { enforce: _enforce, reportOnly: _reportOnly, reportingEndpoints: _endpoints, ...rest } = compiled;
  const next: CompiledCsp = { ...rest };
  if (active.enforce !== undefined) next.enforce = active.enforce;
  if (active.reportOnly !== undefined) next.reportOnly = active.reportOnly;
  if (active.reportingEndpoints !== undefined) next.reportingEndpoints = active.reportingEndpoints;
  return Object.freeze(next);
}

// Headers depend on the nonce only through the placeholder: compute each override/append combination once
// with a marker nonce, then substitute the real one.
const MARKER = 'bm9uY2UtbWFya2Vy';

function cachedHeaders(
  cache: Map<string, string>,
  compiled: CompiledCsp,
  state: { nonce: string; appends: readonly string[]; override?: string },
): Record<string, string> {
  const key = `${state.override ?? ''}|${state.appends.join(',')}`;
  let template = cache.get(key);
  if (template === undefined) {
    template = JSON.stringify(cspHeaders(compiled, { ...state, nonce: MARKER }));
    cache.set(key, template);
  }
  return JSON.parse(template.replaceAll(MARKER, state.nonce)) as Record<string, string>;
}
