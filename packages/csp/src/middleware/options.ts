// The middleware's options, and their one-time compilation: every policy, override and append is parsed and
// validated at start-up, and a misconfiguration throws a CspConfigError naming each problem.

import { NONCE_PLACEHOLDER } from '../generator/nonce-placeholder.ts';
import type { HashManifest, HashSources } from '../hash/manifest.ts';
import { readHashManifest } from '../hash/manifest.ts';
import type { Policy } from '../policy/model.ts';
import { CspConfigError } from './config-error.ts';
import type { DirectiveChanges, DirectivesInput, PolicyConfig } from './directives-input.ts';
import { readDirectives, readPolicyConfig } from './directives-input.ts';
import type { LivePolicyOptions } from './live-policy.ts';
import { optionShapeProblems } from './options-shape.ts';

/**
 * A per-route rule: the routes under `path` get the named override and appends.
 *
 * @example
 * const route: CspRoute = { path: '/admin', override: 'admin', append: ['charts'] };
 */
export interface CspRoute {
  /** A path prefix (`/admin` covers `/admin` and `/admin/users`, not `/administrator`), or a pattern. */
  path: string | RegExp;
  override?: string;
  append?: string | readonly string[];
}

/**
 * Options of the CSP middleware (node:http, Express and Fastify share them).
 *
 * @example
 * const options: CspOptions = {
 *   policy: "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
 *   reportOnly: "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; require-trusted-types-for 'script'",
 *   reportUri: 'https://vigie.example.com/api/1/csp-report/?sentry_key=abc',
 *   autoNonce: true,
 *   appends: { maps: { imgSrc: 'https://maps.gstatic.com' } },
 *   routes: [{ path: '/stores', append: 'maps' }],
 * };
 */
export interface CspOptions {
  /** The enforced policy (`Content-Security-Policy`). Write `'nonce-{nonce}'` where the response's nonce goes. */
  policy?: PolicyConfig;
  /** A policy sent as `Content-Security-Policy-Report-Only`, alone or next to the enforced one. */
  reportOnly?: PolicyConfig;
  /** Added to every policy as `report-uri`. Chromium ignores it when the policy also has `report-to`. */
  reportUri?: string;
  /** Sent as `Reporting-Endpoints: group="url"` and added to every policy as `report-to group`. */
  reportTo?: { group: string; url: string };
  /** Insert the nonce into `<script>` and `<style>` tags of HTML responses that lack one. Default false. */
  autoNonce?: boolean;
  /** Hash sources from `vigie-csp hash` (a manifest, or its `hashes`), added to script-src and style-src. */
  hashes?: HashManifest | HashSources;
  /** Hash the inline blocks of HTML responses up to this size (bytes) sent in one piece. `true` is 64 KiB. */
  runtimeHashes?: boolean | number;
  /** Named overrides: directives that replace the policy's (`false` removes one), chosen per route or response. */
  overrides?: Readonly<Record<string, DirectivesInput>>;
  /** Named appends: sources added to directives (created from their fallback when missing), as in secure_headers. */
  appends?: Readonly<Record<string, DirectivesInput>>;
  routes?: readonly CspRoute[];
  /**
   * Take the policies from the project's published version in Vigie, refreshed in the background and kept at
   * the last good version when Vigie cannot be reached. `policy` and `reportOnly`, when given, are the
   * fallback sent until the first version arrives (and while nothing is published).
   */
  livePolicy?: LivePolicyOptions;
}

/**
 * Options after validation.
 *
 * @example
 * const compiled: CompiledCsp = compileCspOptions(options); // throws CspConfigError when invalid
 */
export interface CompiledCsp {
  enforce?: Policy;
  reportOnly?: Policy;
  reportUri?: string;
  reportTo?: { group: string; url: string };
  autoNonce: boolean;
  hashes: HashSources;
  runtimeHashBytes: number;
  overrides: ReadonlyMap<string, DirectiveChanges>;
  appends: ReadonlyMap<string, DirectiveChanges>;
  routes: readonly { path: string | RegExp; override?: string; appends: readonly string[] }[];
  /** A `Reporting-Endpoints` value sent as it is (a live policy's). */
  reportingEndpoints?: string;
  live?: LivePolicyOptions;
}

const URL_LIKE = /^[^\s;,]+$/;
const TOKEN = /^[A-Za-z0-9_-]+$/;

function readHashes(hashes: CspOptions['hashes'], problems: string[]): HashSources {
  if (hashes === undefined) return { 'script-src': [], 'style-src': [] };
  try {
    return 'algorithm' in hashes
      ? readHashManifest(hashes).hashes
      : readHashManifest({ algorithm: 'sha256', hashes }).hashes;
  } catch (error) {
    problems.push(`hashes: ${(error as Error).message}`);
    return { 'script-src': [], 'style-src': [] };
  }
}

function readNamed(
  entries: CspOptions['overrides'],
  kind: string,
  problems: string[],
): Map<string, DirectiveChanges> {
  const named = new Map<string, DirectiveChanges>();
  for (const [name, input] of Object.entries(entries ?? {})) {
    const where = `${kind}.${name}`;
    const read = readDirectives(input, where);
    const present = Object.entries(read.changes).flatMap(([d, values]) =>
      values === null ? [] : [[d, values] as const],
    );
    const checked = readPolicyConfig(Object.fromEntries(present), where);
    problems.push(...read.problems, ...(read.problems.length > 0 ? [] : checked.problems));
    named.set(name, read.changes);
  }
  return named;
}

function readRoutes(
  options: CspOptions,
  compiled: Pick<CompiledCsp, 'overrides' | 'appends'>,
  problems: string[],
) {
  return (options.routes ?? []).map((route, index) => {
    const appends =
      route.append === undefined ? [] : typeof route.append === 'string' ? [route.append] : [...route.append];
    if (route.override !== undefined && !compiled.overrides.has(route.override)) {
      problems.push(
        `routes[${index}]: no override named "${route.override}" (known: ${[...compiled.overrides.keys()].join(', ') || 'none'}).`,
      );
    }
    for (const name of appends.filter((a) => !compiled.appends.has(a))) {
      problems.push(
        `routes[${index}]: no append named "${name}" (known: ${[...compiled.appends.keys()].join(', ') || 'none'}).`,
      );
    }
    return route.override === undefined
      ? { path: route.path, appends }
      : { path: route.path, override: route.override, appends };
  });
}

function readReporting(options: CspOptions, compiled: CompiledCsp, problems: string[]): void {
  if (options.reportUri !== undefined) {
    if (URL_LIKE.test(options.reportUri)) compiled.reportUri = options.reportUri;
    else problems.push(`reportUri: "${options.reportUri}" must be a URL without spaces, ";" or ",".`);
  }
  if (options.reportTo !== undefined) {
    const { group, url } = options.reportTo;
    if (!TOKEN.test(group))
      problems.push(`reportTo.group: "${group}" must be a token (letters, digits, "-", "_").`);
    if (!URL_LIKE.test(url) || url.includes('"'))
      problems.push(`reportTo.url: "${url}" must be a URL without spaces, quotes, ";" or ",".`);
    compiled.reportTo = { group, url };
  }
}

/**
 * Validates options once, at start-up. Throws a CspConfigError listing every problem: unquoted keywords, `;`
 * or `,` inside values, duplicate or unknown directives, routes naming unknown overrides, and so on.
 *
 * @example
 * compileCspOptions({ policy: { defaultSrc: ["'self'"], scriptSrc: ["'nonce-{nonce}'", 'strict-dynamic'] } });
 * // throws CspConfigError: policy: Keyword strict-dynamic must be quoted ('strict-dynamic'); …
 */
export function compileCspOptions(options: CspOptions): CompiledCsp {
  // Wrong types first: the checks below would otherwise fail on them with a TypeError.
  const shape = optionShapeProblems(options);
  if (shape.length > 0) throw new CspConfigError(shape);
  const problems: string[] = [];
  if (options.policy === undefined && options.reportOnly === undefined && options.livePolicy === undefined) {
    problems.push('Give a policy to enforce (policy) or to report on (reportOnly), or both.');
  }
  const compiled: CompiledCsp = {
    autoNonce: options.autoNonce === true,
    hashes: readHashes(options.hashes, problems),
    runtimeHashBytes:
      options.runtimeHashes === true
        ? 65_536
        : typeof options.runtimeHashes === 'number'
          ? options.runtimeHashes
          : 0,
    overrides: readNamed(options.overrides, 'overrides', problems),
    appends: readNamed(options.appends, 'appends', problems),
    routes: [],
  };
  for (const key of ['policy', 'reportOnly'] as const) {
    const input = options[key];
    if (input === undefined) continue;
    const read = readPolicyConfig(input, key);
    problems.push(...read.problems);
    compiled[key === 'policy' ? 'enforce' : 'reportOnly'] = read.policy;
  }
  compiled.routes = readRoutes(options, compiled, problems);
  readReporting(options, compiled, problems);
  const nonced = [compiled.enforce, compiled.reportOnly].some((p) =>
    p?.directives.some((d) => d.values.includes(NONCE_PLACEHOLDER)),
  );
  if (options.livePolicy !== undefined) compiled.live = options.livePolicy;
  // A live policy may bring the placeholder itself.
  if (compiled.autoNonce && !nonced && compiled.live === undefined) {
    problems.push(
      `autoNonce inserts nonces, but no policy contains ${NONCE_PLACEHOLDER}: add it to script-src (and style-src).`,
    );
  }
  if (problems.length > 0) throw new CspConfigError(problems);
  return Object.freeze(compiled);
}
