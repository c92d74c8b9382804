// Compares two policies directive by directive and explains each change in words, taking fallback into
// account: a new img-src takes images away from default-src, a removed one hands them back.

import { takesSourceList } from '../policy/directives.ts';
import { effectiveDirective } from '../policy/fallback.ts';
import type { Policy } from '../policy/model.ts';
import { getDirective } from '../policy/model.ts';
import { describeDirective, describeSource, listInWords } from './describe.ts';
import type { PolicyInput } from './edit.ts';
import { toPolicy } from './edit.ts';

/**
 * One difference between two policies.
 *
 * @example
 * const change: PolicyChange = { kind: 'changed', directive: 'script-src', added: ['https://cdn.example.com'], removed: [] };
 */
export type PolicyChange =
  | { kind: 'added'; directive: string; values: string[] }
  | { kind: 'removed'; directive: string; values: string[] }
  | { kind: 'changed'; directive: string; added: string[]; removed: string[] };

/**
 * The directive-level differences from `before` to `after`, in `after`'s order, then removals.
 *
 * @example
 * diffPolicies("default-src 'self'; script-src 'self'", "default-src 'self'; script-src 'self' https://cdn.example.com; img-src 'self' data:");
 * // [{ kind: 'changed', directive: 'script-src', added: ['https://cdn.example.com'], removed: [] },
 * //  { kind: 'added', directive: 'img-src', values: ["'self'", 'data:'] }]
 */
export function diffPolicies(before: PolicyInput, after: PolicyInput): PolicyChange[] {
  const a = toPolicy(before);
  const b = toPolicy(after);
  const changes: PolicyChange[] = [];
  for (const directive of b.directives) {
    const old = getDirective(a, directive.name);
    if (old === undefined) {
      changes.push({ kind: 'added', directive: directive.name, values: directive.values });
      continue;
    }
    const added = directive.values.filter((v) => !old.values.includes(v));
    const removed = old.values.filter((v) => !directive.values.includes(v));
    if (added.length > 0 || removed.length > 0)
      changes.push({ kind: 'changed', directive: directive.name, added, removed });
  }
  for (const directive of a.directives) {
    if (getDirective(b, directive.name) === undefined) {
      changes.push({ kind: 'removed', directive: directive.name, values: directive.values });
    }
  }
  return changes;
}

function words(values: readonly string[]): string {
  return listInWords(values.map(describeSource));
}

function governedBy(policy: Policy, name: string): string {
  const governing = effectiveDirective(policy, name);
  return governing === undefined
    ? 'were unrestricted'
    : `followed ${governing.name} (${governing.values.join(' ')})`;
}

/**
 * One change in a sentence, given both policies (to say what a directive falls back to).
 *
 * @example
 * explainChange({ kind: 'removed', directive: 'object-src', values: ["'none'"] }, before, after);
 * // "object-src was removed: plugins (<object>, <embed>) now follow default-src ('self')."
 */
export function explainChange(change: PolicyChange, before: Policy, after: Policy): string {
  const what = describeDirective(change.directive);
  if (!takesSourceList(change.directive)) return explainTokens(change);
  switch (change.kind) {
    case 'added': {
      if (change.values.length === 0) return `${change.directive} is new.`;
      return `${change.directive} is new: ${what} ${governedBy(before, change.directive)} and now allow ${words(change.values)}.`;
    }
    case 'removed': {
      const now = effectiveDirective(after, change.directive);
      const rest =
        now === undefined
          ? `${what} are no longer restricted`
          : `${what} now follow ${now.name} (${now.values.join(' ')})`;
      return `${change.directive} was removed: ${rest}.`;
    }
    case 'changed': {
      const parts: string[] = [];
      if (change.added.length > 0) parts.push(`now also allows ${words(change.added)}`);
      if (change.removed.length > 0) parts.push(`no longer allows ${words(change.removed)}`);
      return `${change.directive} ${parts.join(', and ')}.`;
    }
  }
}

// Directives whose values are not sources (report-uri, sandbox, upgrade-insecure-requests, …).
function explainTokens(change: PolicyChange): string {
  switch (change.kind) {
    case 'added':
      return change.values.length === 0
        ? `${change.directive} is new.`
        : `${change.directive} is new: ${change.values.join(' ')}.`;
    case 'removed':
      return `${change.directive} was removed.`;
    case 'changed': {
      const parts: string[] = [];
      if (change.added.length > 0) parts.push(`now also has ${change.added.join(' ')}`);
      if (change.removed.length > 0) parts.push(`no longer has ${change.removed.join(' ')}`);
      return `${change.directive} ${parts.join(', and ')}.`;
    }
  }
}

/**
 * Every change from `before` to `after`, in sentences; an empty list when the policies are equivalent.
 *
 * @example
 * explainDiff("default-src 'self'", "default-src 'self'; img-src 'self' https://images.example.com");
 * // ["img-src is new: images followed default-src ('self') and now allow the page's own origin ('self') and https://images.example.com."]
 */
export function explainDiff(before: PolicyInput, after: PolicyInput): string[] {
  const a = toPolicy(before);
  const b = toPolicy(after);
  return diffPolicies(a, b).map((change) => explainChange(change, a, b));
}
