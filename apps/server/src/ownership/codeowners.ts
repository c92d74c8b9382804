// Reads a GitHub CODEOWNERS file into path rules: `<pattern> <owner>…`, owners as `@user`, `@org/team`
// or an email; `#` starts a comment (at the start of a line or of a token); a line with a pattern and no
// owner leaves those paths without one. GitHub ignores the lines it cannot read; Vigie reports them,
// naming line, column and what was expected. Handles become Vigie members and teams through the
// project's mapping (ownership.repository.ts). Pure.

import type { OwnedBy, OwnershipRule, ParsedRules, RuleProblem } from './rule.ts';
import { readOwner, tokenize } from './rule.ts';

export const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;

/** Where GitHub looks for the file, in its order. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export function parseCodeowners(text: string): ParsedRules {
  const rules: OwnershipRule[] = [];
  const problems: RuleProblem[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw, (token) => token.startsWith('#'));
    const [first, ...ownerTokens] = tokens;
    if (first === undefined) return;
    const pattern = first.text.replaceAll('\\#', '#');
    const unsupported = /^!|\[/.exec(pattern);
    if (unsupported) {
      problems.push(
        problem(
          line,
          first.column + unsupported.index,
          'a path pattern (CODEOWNERS has no ! or [ ] patterns)',
        ),
      );
      return;
    }
    const owners: OwnedBy[] = [];
    for (const token of ownerTokens) {
      const owner = readOwner(token.text, true);
      if (owner === undefined || owner.kind === 'team') {
        problems.push(problem(line, token.column, 'an owner: @user, @org/team or an email'));
        return;
      }
      owners.push({ owner, column: token.column });
    }
    rules.push({
      source: 'codeowners',
      line,
      text: raw.trim(),
      matcher: { kind: 'path', pattern },
      owners,
    });
  });
  return { rules, problems };
}

function problem(line: number, column: number, expected: string): RuleProblem {
  return {
    source: 'codeowners',
    line,
    column,
    expected,
    message: `CODEOWNERS line ${line}, column ${column}: expected ${expected}`,
  };
}
