// Reads a policy given in configuration — text, a parsed Policy, or a helmet-style object of directives —
// into a Policy, collecting every problem a browser would trip over instead of stopping at the first.

import { fillNonce, NONCE_PLACEHOLDER } from '../generator/nonce-placeholder.ts';
import { record } from '../own.ts';
import type { Policy } from '../policy/model.ts';
import { parsePolicy } from '../policy/parse.ts';
import { serializePolicy } from '../policy/serialize.ts';
import { validatePolicy } from '../policy/validate.ts';

/**
 * Directives as an object, helmet-style: kebab-case or camelCase names; sources as an array or one
 * space-separated string; `true` for a directive without value (`upgradeInsecureRequests: true`); `false` or
 * `null` to remove a directive (in overrides).
 *
 * @example
 * const directives: DirectivesInput = {
 *   defaultSrc: "'self'", imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: true, frameAncestors: false,
 * };
 */
export type DirectivesInput = Readonly<Record<string, readonly string[] | string | boolean | null>>;

/**
 * A policy in configuration.
 *
 * @example
 * const policy: PolicyConfig = "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'";
 */
export type PolicyConfig = string | Policy | DirectivesInput;

/**
 * A read directive list: `null` values mark directives to remove.
 *
 * @example
 * const changes: DirectiveChanges = { 'frame-ancestors': ['https://partner.example.com'], 'base-uri': null };
 */
export type DirectiveChanges = Record<string, string[] | null>;

/**
 * `scriptSrc` → `script-src`; kebab-case names are lower-cased.
 *
 * @example
 * directiveName('upgradeInsecureRequests'); // 'upgrade-insecure-requests'
 */
export function directiveName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).toLowerCase();
}

function isPolicy(value: PolicyConfig): value is Policy {
  return typeof value === 'object' && Array.isArray((value as Policy).directives);
}

function valueProblems(where: string, name: string, values: readonly string[]): string[] {
  return values.flatMap((value) => {
    if (value.includes(';')) {
      return [
        `${where}: ${name} value "${value}" contains ";", which would end the directive there; give each directive its own key.`,
      ];
    }
    if (value.includes(',')) {
      return [
        `${where}: ${name} value "${value}" contains ",", which would start a second policy in the header; separate sources as array items.`,
      ];
    }
    return [];
  });
}

/**
 * Reads an object of directives into changes (values split on whitespace), reporting duplicate names
 * (`scriptSrc` next to `script-src`) and values holding `;` or `,`.
 *
 * @example
 * readDirectives({ defaultSrc: "'self'", 'img-src': ["'self'", 'data:'], upgradeInsecureRequests: true }, 'policy');
 * // { changes: { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': [] }, problems: [] }
 */
export function readDirectives(
  input: DirectivesInput,
  where: string,
): { changes: DirectiveChanges; problems: string[] } {
  const changes: DirectiveChanges = record();
  const keys = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const name = directiveName(key);
    const earlier = keys.get(name);
    if (earlier !== undefined) {
      problems.push(
        `${where}: duplicate directive ${name} (given as "${earlier}" and "${key}"); keep one and merge their sources.`,
      );
      continue;
    }
    keys.set(name, key);
    if (raw === null || raw === false) {
      changes[name] = null;
      continue;
    }
    const values = raw === true ? [] : typeof raw === 'string' ? raw.split(/\s+/).filter(Boolean) : [...raw];
    if (!values.every((v) => typeof v === 'string')) {
      problems.push(`${where}: ${name} must be a list of strings.`);
      continue;
    }
    problems.push(...valueProblems(where, name, values));
    changes[name] = values.flatMap((v) => v.split(/\s+/).filter(Boolean));
  }
  return { changes, problems };
}

// Stands in for the per-response nonce while validating, so the placeholder is not taken for a bad source.
const SAMPLE_NONCE = 'c2FtcGxlTm9uY2U';

// Directive problems the parser reports that configuration must not ship (warnings included: an unknown
// directive in a config file is a typo, not a browser quirk).
function parseProblems(policy: Policy, where: string): string[] {
  const text = serializePolicy(fillNonce(policy, SAMPLE_NONCE));
  return parsePolicy(text).problems.map((p) => `${where}: ${p.message}`);
}

/**
 * Reads and validates a configured policy; `problems` is empty when it is sound.
 *
 * @example
 * readPolicyConfig("default-src 'self'; script-src self", 'policy').problems;
 * // ["policy: Keyword self must be quoted ('self'); unquoted, browsers read it as a host name."]
 */
export function readPolicyConfig(input: PolicyConfig, where: string): { policy: Policy; problems: string[] } {
  if (typeof input === 'string') {
    const sample = input.replaceAll(NONCE_PLACEHOLDER, `'nonce-${SAMPLE_NONCE}'`);
    try {
      const problems = parsePolicy(sample).problems.map((p) => `${where}: ${p.message}`);
      return { policy: parsePolicy(input).policy, problems };
    } catch (error) {
      return { policy: { directives: [] }, problems: [`${where}: ${(error as Error).message}`] };
    }
  }
  if (isPolicy(input)) {
    // A model can hold what text cannot (a ";" inside a value): check it as a model first.
    const problems = validatePolicy(input).map((p) => `${where}: ${p.message}`);
    return { policy: input, problems: problems.length > 0 ? problems : parseProblems(input, where) };
  }
  const { changes, problems } = readDirectives(input, where);
  const directives = Object.entries(changes).flatMap(([name, values]) =>
    values === null ? [] : [{ name, values }],
  );
  const policy = { directives };
  return { policy, problems: problems.length > 0 ? problems : parseProblems(policy, where) };
}
