// Checks for ways to run script despite the policy: unsafe keywords, broad schemes and wildcards, missing
// directives, host allowlists with known gadgets, plugins, and framing by other sites.

import { effectiveDirective } from '../policy/fallback.ts';
import { allowsAllInline } from '../policy/match.ts';
import type { Directive, Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { isKeyword, parseSourceExpression } from '../policy/source.ts';
import { describeBypass, findBypass } from './bypass.ts';
import { FLASH_BYPASS_HOSTS, SCRIPT_BYPASS_HOSTS } from './bypass-hosts.ts';
import { scriptDirectives } from './effective.ts';
import type { Finding } from './finding.ts';
import { makeFinding } from './finding.ts';

/** Directives through which a bad source leads straight to script execution. */
function xssDirectives(policy: Policy): Directive[] {
  const found = scriptDirectives(policy);
  const object = effectiveDirective(policy, 'object-src');
  const base = getDirective(policy, 'base-uri');
  for (const d of [object, base]) if (d !== undefined && !found.includes(d)) found.push(d);
  return found;
}

/**
 * 'unsafe-inline', 'unsafe-hashes' and 'unsafe-eval' where they govern scripts (on the effective policy).
 *
 * @example
 * checkUnsafeScriptKeywords(parsePolicy("script-src 'self' 'unsafe-inline'").policy)[0]?.type; // 'script-unsafe-inline'
 */
export function checkUnsafeScriptKeywords(effective: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of scriptDirectives(effective)) {
    for (const value of d.values) {
      if (isKeyword(value, 'unsafe-inline')) {
        const text = `'unsafe-inline' in ${d.name} lets any injected inline script or event handler run. Move inline code to files, or allow it with nonces or hashes.`;
        findings.push(makeFinding('script-unsafe-inline', 'high', d.name, value, text));
      } else if (isKeyword(value, 'unsafe-hashes')) {
        const text = `'unsafe-hashes' lets the hashed event handlers and javascript: URLs run wherever an attacker injects them. Replace inline handlers with addEventListener.`;
        findings.push(makeFinding('script-unsafe-hashes', 'low', d.name, value, text));
      } else if (isKeyword(value, 'unsafe-eval')) {
        const text = `'unsafe-eval' in ${d.name} lets strings reach eval(), new Function() and string timers. Remove it, or use 'wasm-unsafe-eval' if only WebAssembly needs it.`;
        findings.push(makeFinding('script-unsafe-eval', 'medium', d.name, value, text));
      }
    }
  }
  return findings;
}

/**
 * `data:`, `http:`, `https:` and `*` sources in script, object and base-uri directives.
 *
 * @example
 * checkBroadSources(parsePolicy('script-src https: data:').policy).map((f) => f.type); // ['unsafe-scheme-source', 'unsafe-scheme-source']
 */
export function checkBroadSources(effective: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of xssDirectives(effective)) {
    for (const value of d.values) {
      const source = parseSourceExpression(value);
      if (source.kind === 'scheme' && ['data', 'http', 'https'].includes(source.scheme)) {
        const text = `${value} in ${d.name} allows scripts from any ${source.scheme === 'data' ? 'data: URL an attacker writes' : 'site'}. List the exact hosts, or use nonces with 'strict-dynamic'.`;
        findings.push(makeFinding('unsafe-scheme-source', 'high', d.name, value, text));
      } else if (source.kind === 'host' && source.host === '*') {
        const text = `${value} in ${d.name} allows scripts from any host. List the exact hosts, or use nonces with 'strict-dynamic'.`;
        findings.push(makeFinding('wildcard-source', 'high', d.name, value, text));
      }
    }
  }
  return findings;
}

/**
 * Missing object-src, script-src and (for nonce-based policies) base-uri.
 *
 * @example
 * checkMissingDirectives(parsePolicy("script-src 'nonce-r4nd0mR4nd0m'").policy).map((f) => f.directive); // ['object-src', 'base-uri']
 */
export function checkMissingDirectives(effective: Policy): Finding[] {
  const findings: Finding[] = [];
  if (effectiveDirective(effective, 'object-src') === undefined) {
    const text = `No object-src (nor default-src): plugins such as <object> and <embed> can load and run script. Add object-src 'none'.`;
    findings.push(makeFinding('missing-object-src', 'high', 'object-src', undefined, text));
  }
  const script = effectiveDirective(effective, 'script-src');
  if (script === undefined) {
    const text = `No script-src (nor default-src): the policy does not restrict scripts at all. Add script-src with nonces and 'strict-dynamic', or the exact hosts you load.`;
    findings.push(makeFinding('missing-script-src', 'high', 'script-src', undefined, text));
  }
  const values = script?.values ?? [];
  const nonces = values.some((v) => parseSourceExpression(v).kind === 'nonce');
  const hashes = values.some((v) => parseSourceExpression(v).kind === 'hash');
  const strictDynamic = values.some((v) => isKeyword(v, 'strict-dynamic'));
  if ((nonces || (hashes && strictDynamic)) && getDirective(effective, 'base-uri') === undefined) {
    const text = `No base-uri: an injected <base href> re-points every relative script URL to an attacker's host, and nonced scripts follow it. Add base-uri 'none' (or 'self').`;
    findings.push(makeFinding('missing-base-uri', 'high', 'base-uri', undefined, text));
  }
  return findings;
}

/**
 * Host allowlist entries in script-src/-elem: known gadgets (JSONP, AngularJS, shared hosting) and 'self'.
 *
 * @example
 * checkScriptAllowlist(parsePolicy('script-src https://www.google.com').policy)[0]?.type; // 'script-allowlist-bypass'
 */
export function checkScriptAllowlist(effective: Policy): Finding[] {
  const findings: Finding[] = [];
  for (const d of scriptDirectives(effective, ['script-src', 'script-src-elem'])) {
    if (d.values.some((v) => isKeyword(v, 'none'))) continue;
    const hasEval = d.values.some((v) => isKeyword(v, 'unsafe-eval'));
    for (const value of d.values) {
      if (isKeyword(value, 'self')) {
        const text = `'self' in ${d.name} can be bypassed if your own origin serves JSONP, AngularJS or user-uploaded files. Prefer nonces or hashes with 'strict-dynamic'.`;
        findings.push(makeFinding('script-self-bypass', 'low', d.name, value, text));
        continue;
      }
      const source = parseSourceExpression(value);
      if (source.kind !== 'host' || !source.host.includes('.')) continue;
      const bypass = findBypass(value, SCRIPT_BYPASS_HOSTS, hasEval);
      if (bypass !== undefined) {
        const text = `${describeBypass(bypass)}, so allowing ${value} in ${d.name} lets an attacker run script. Remove it or narrow it to exact file paths, or use nonces with 'strict-dynamic'.`;
        findings.push(makeFinding('script-allowlist-bypass', 'high', d.name, value, text));
      } else {
        const text = `No known bypass for ${value}, but make sure it serves no JSONP, AngularJS or user-uploaded files; narrowing it to a path helps. Nonces with 'strict-dynamic' avoid the question.`;
        findings.push(makeFinding('script-allowlist-unverified', 'low', d.name, value, text));
      }
    }
  }
  return findings;
}

/**
 * object-src allowing plugins: known Flash gadgets, or anything but 'none'.
 *
 * @example
 * checkObjectSources(parsePolicy("object-src 'self'").policy)[0]?.type; // 'object-src-not-none'
 */
export function checkObjectSources(effective: Policy): Finding[] {
  const d = effectiveDirective(effective, 'object-src');
  if (d === undefined || d.values.some((v) => isKeyword(v, 'none'))) return [];
  const pluginTypes = getDirective(effective, 'plugin-types');
  if (pluginTypes !== undefined && !pluginTypes.values.includes('application/x-shockwave-flash')) return [];
  const findings: Finding[] = [];
  for (const value of d.values) {
    const bypass = findBypass(value, FLASH_BYPASS_HOSTS, false);
    if (bypass !== undefined) {
      const text = `${describeBypass(bypass)}; browsers that still run plugins can be attacked through ${value}. Set object-src 'none'.`;
      findings.push(makeFinding('object-allowlist-bypass', 'medium', d.name, value, text));
    } else if (d.name === 'object-src') {
      const text = `object-src allows ${value}; plugins are rarely needed today. Set object-src 'none'.`;
      findings.push(makeFinding('object-src-not-none', 'low', d.name, value, text));
    }
  }
  return findings;
}

/**
 * Framing and inline style: a missing frame-ancestors (clickjacking) and 'unsafe-inline' for styles.
 *
 * @example
 * checkFramingAndStyles(parsePolicy("default-src 'self'").policy)[0]?.type; // 'missing-frame-ancestors'
 */
export function checkFramingAndStyles(policy: Policy): Finding[] {
  const findings: Finding[] = [];
  if (getDirective(policy, 'frame-ancestors') === undefined) {
    const text = `No frame-ancestors: any site can frame this page (clickjacking); default-src does not cover it. Add frame-ancestors 'none' (or 'self').`;
    findings.push(makeFinding('missing-frame-ancestors', 'medium', 'frame-ancestors', undefined, text));
  }
  const seen = new Set<string>();
  for (const name of ['style-src-elem', 'style-src-attr']) {
    const d = effectiveDirective(policy, name);
    if (d === undefined || seen.has(d.name) || !allowsAllInline(d.values, d.name)) continue;
    seen.add(d.name);
    const text = `'unsafe-inline' in ${d.name} lets injected <style> and style attributes restyle the page or leak data through CSS. Use nonces or hashes for styles when you can.`;
    findings.push(makeFinding('style-unsafe-inline', 'low', d.name, "'unsafe-inline'", text));
  }
  return findings;
}
