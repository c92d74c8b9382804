// Checks a policy built in code (by the generator or the policy builder) before it is serialized: a value holding
// `;`, `,`, whitespace or non-ASCII would change the meaning of the header, or inject directives into it.

import type { ParseProblem, Policy } from './model.ts';

const DIRECTIVE_NAME = /^[a-z0-9-]+$/;
const SEPARATORS: readonly [RegExp, string, string][] = [
  [/;/, 'semicolon', 'ends the directive and starts a new one'],
  [/,/, 'comma', 'splits the header into two policies'],
  [/[\t\n\f\r ]/, 'whitespace', 'splits the value into two sources'],
  [/[^\x20-\x7e]/, 'non-ASCII or control character', 'makes browsers drop the whole directive'],
];

/**
 * Problems in a policy model that serializing would turn into a different policy. Offsets point into
 * `serializePolicy(policy)`. An empty list means the model serializes to exactly what it says.
 *
 * @example
 * validatePolicy({ directives: [{ name: 'img-src', values: ['https://cdn.example.com/a;b.png'] }] })[0]?.code;
 * // 'separator-in-value': the `;` would end img-src and start a bogus directive
 */
export function validatePolicy(policy: Policy): ParseProblem[] {
  const problems: ParseProblem[] = [];
  let offset = 0;
  const seen = new Set<string>();
  for (const [index, directive] of policy.directives.entries()) {
    if (index > 0) offset += 2; // "; "
    const name = directive.name;
    if (!DIRECTIVE_NAME.test(name)) {
      problems.push({
        code: 'invalid-directive-name',
        severity: 'error',
        message: `"${name}" is not a valid lower-case directive name (a-z, 0-9 and "-").`,
        offset,
        length: name.length,
        directive: name,
      });
    }
    if (seen.has(name)) {
      problems.push({
        code: 'duplicate-directive',
        severity: 'error',
        message: `Duplicate ${name} directive: browsers ignore every copy after the first. Merge their values.`,
        offset,
        length: name.length,
        directive: name,
      });
    }
    seen.add(name);
    offset += name.length;
    for (const value of directive.values) {
      offset += 1;
      const bad = value === '' ? undefined : SEPARATORS.find(([pattern]) => pattern.test(value));
      if (value === '' || bad !== undefined) {
        const what = bad === undefined ? 'is empty' : `contains a ${bad[1]}, which ${bad[2]}`;
        problems.push({
          code: 'separator-in-value',
          severity: 'error',
          message: `The value "${value}" of ${name} ${what}. Percent-encode it in URLs, or drop it.`,
          offset,
          length: value.length,
          directive: name,
          value,
        });
      }
      offset += value.length;
    }
  }
  return problems;
}
