// Keeps a generated policy reporting: the reporting directives of the base, or else those of the policy the
// reports were sent under, so that enforcing the generated policy does not silence its violations.

import type { Directive, Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { toPolicy } from './edit.ts';
import type { Observation } from './observation.ts';

const REPORTING = ['report-uri', 'report-to'];

/**
 * The `report-uri` and `report-to` directives of the first report's policy that has any, or none.
 *
 * @example
 * reportingOf([{ effectiveDirective: 'img-src', blockedURL: 'data', documentURL: 'https://a.example/',
 *   originalPolicy: "default-src 'self'; report-uri /csp" }]); // [{ name: 'report-uri', values: ['/csp'] }]
 */
export function reportingOf(observations: readonly Observation[]): Directive[] {
  for (const o of observations) {
    if (o.originalPolicy === undefined) continue;
    let policy: Policy;
    try {
      policy = toPolicy(o.originalPolicy);
    } catch {
      continue; // a policy too large to read tells nothing useful
    }
    const found = REPORTING.flatMap((name) => {
      const directive = getDirective(policy, name);
      return directive === undefined ? [] : [{ name, values: [...directive.values] }];
    });
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * The policy, plus the reports' reporting directives when it has none of its own (placed last).
 *
 * @example
 * serializePolicy(withReporting(toPolicy("default-src 'self'"), observations)); // "default-src 'self'; report-uri /csp"
 */
export function withReporting(policy: Policy, observations: readonly Observation[]): Policy {
  if (policy.directives.some((d) => REPORTING.includes(d.name))) return policy;
  return { directives: [...policy.directives, ...reportingOf(observations)] };
}
