// Tells whether an allowlisted source covers a known gadget from bypass-hosts.ts, reusing the same host and path
// matching rules the browser applies.

import { parseSourceExpression } from '../policy/source.ts';
import { hostPartMatches, pathPartMatches } from '../policy/url-match.ts';
import type { BypassHost } from './bypass-hosts.ts';

/** A concrete host standing for "any subdomain an attacker can register" under a wildcard entry. */
function concreteHost(host: string): string {
  return host.startsWith('*.') ? `attacker-controlled${host.slice(1)}` : host;
}

/**
 * The first gadget a source expression allows, or undefined. `hasEval` says whether 'unsafe-eval' is present.
 *
 * @example
 * findBypass('https://www.google.com', SCRIPT_BYPASS_HOSTS, false)?.kind; // 'jsonp'
 * findBypass('https://www.google.com/recaptcha/', SCRIPT_BYPASS_HOSTS, false); // undefined: path narrows it
 */
export function findBypass(
  value: string,
  hosts: readonly BypassHost[],
  hasEval: boolean,
): BypassHost | undefined {
  const source = parseSourceExpression(value);
  // A bare * is reported as wildcard-source already; calling it a gadget host too would be noise.
  if (source.kind !== 'host' || source.host === '*') return undefined;
  return hosts.find((entry) => {
    if (entry.needsEval === true && !hasEval) return false;
    if (!hostPartMatches(source.host, concreteHost(entry.host))) return false;
    return pathPartMatches(source.path, entry.path);
  });
}

/**
 * A sentence naming why the gadget defeats the allowlist.
 *
 * @example
 * describeBypass({ host: 'www.google.com', path: '/complete/search', kind: 'jsonp' });
 * // 'www.google.com serves JSONP (e.g. /complete/search?callback=…), which runs attacker-chosen code'
 */
export function describeBypass(entry: BypassHost): string {
  switch (entry.kind) {
    case 'jsonp':
      return `${entry.host} serves JSONP (e.g. ${entry.path}?callback=…), which runs attacker-chosen code`;
    case 'angularjs':
      return `${entry.host} serves AngularJS (e.g. ${entry.path}), whose templates run attacker-injected expressions`;
    case 'shared-hosting':
      return `${entry.host} is shared hosting where anyone can publish a script`;
    case 'flash':
      return `${entry.host} hosts Flash files (e.g. ${entry.path}) that run attacker-chosen script`;
  }
}
