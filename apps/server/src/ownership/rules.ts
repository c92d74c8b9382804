// Reads a project's hand-written ownership rules, one a line, in the manner of Sentry's:
//
//   # comment
//   path:src/billing/** #billing
//   module:app.payments.* ana@example.com
//   url:*/checkout/* #checkout
//   tags.feature:search #search
//   culprit:"*Invoice *" #billing ana@example.com
//
// A matcher (`<kind>:<pattern>`, the pattern in double quotes when it holds spaces) and one or more owners:
// `#team` or a member's email. Every line that cannot be read is a problem naming its line, column and what
// was expected there, as the search language's errors do. Pure.

import {
  MATCHER_KINDS,
  type Matcher,
  type OwnedBy,
  type OwnershipRule,
  type ParsedRules,
  type RuleProblem,
  readOwner,
  tokenize,
} from './rule.ts';

export const MAX_RULE_LINES = 2_000;

const KINDS = `${MATCHER_KINDS.filter((k) => k !== 'tags').join(', ')} or tags.<key>`;

export function parseOwnershipRules(text: string): ParsedRules {
  const rules: OwnershipRule[] = [];
  const problems: RuleProblem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const result = parseLine(raw, line);
    if ('problem' in result) problems.push(result.problem);
    else rules.push(result.rule);
  });
  if (rules.length > MAX_RULE_LINES) {
    problems.push(problem(MAX_RULE_LINES + 1, 1, `at most ${MAX_RULE_LINES} rules`, 'Too many rules'));
  }
  return { rules, problems };
}

function problem(line: number, column: number, expected: string, what: string): RuleProblem {
  return {
    source: 'rules',
    line,
    column,
    expected,
    message: `${what} at line ${line}, column ${column}: expected ${expected}`,
  };
}

type LineResult = { rule: OwnershipRule } | { problem: RuleProblem };

function parseLine(raw: string, line: number): LineResult {
  const start = raw.search(/\S/);
  const colon = raw.indexOf(':', start);
  const firstSpace = raw.slice(start).search(/\s/);
  const headEnd = firstSpace === -1 ? raw.length : start + firstSpace;
  if (colon === -1 || colon > headEnd) {
    return {
      problem: problem(line, start + 1, `a matcher like path:src/** (${KINDS})`, 'No matcher'),
    };
  }
  const kindText = raw.slice(start, colon);
  const matcherKind = readKind(kindText);
  if (!matcherKind) {
    return { problem: problem(line, start + 1, `a matcher kind: ${KINDS}`, `Unknown matcher '${kindText}'`) };
  }
  const pattern = readPattern(raw, colon + 1);
  if ('expected' in pattern) {
    return { problem: problem(line, pattern.column, pattern.expected, 'Bad pattern') };
  }
  if (pattern.value === '') {
    return {
      problem: problem(line, colon + 2, `a pattern after '${kindText}:'`, 'Missing pattern'),
    };
  }
  const matcher: Matcher = { ...matcherKind, pattern: pattern.value };
  const rest = raw.slice(pattern.end);
  const tokens = tokenize(rest, () => false).map((t) => ({ ...t, column: t.column + pattern.end }));
  if (tokens.length === 0) {
    return {
      problem: problem(
        line,
        raw.trimEnd().length + 2,
        'at least one owner (#team or an email) after the pattern',
        'No owner',
      ),
    };
  }
  const owners: OwnedBy[] = [];
  for (const token of tokens) {
    const owner = readOwner(token.text, false);
    if (!owner) {
      const hint = token.text.startsWith('@') ? ' (GitHub handles belong in the CODEOWNERS import)' : '';
      return {
        problem: problem(
          line,
          token.column,
          `an owner: #team or an email${hint}`,
          `Bad owner '${token.text}'`,
        ),
      };
    }
    owners.push({ owner, column: token.column });
  }
  return { rule: { source: 'rules', line, text: raw.trim(), matcher, owners } };
}

function readKind(text: string): Pick<Matcher, 'kind' | 'tag'> | undefined {
  const lower = text.toLowerCase();
  if (lower.startsWith('tags.') && text.length > 5) return { kind: 'tags', tag: text.slice(5) };
  return MATCHER_KINDS.find((k) => k === lower && k !== 'tags')
    ? { kind: lower as Matcher['kind'] }
    : undefined;
}

/** The pattern after the colon: up to the next whitespace, or a double-quoted string (`\"` and `\\` escapes). */
function readPattern(
  raw: string,
  from: number,
): { value: string; end: number } | { column: number; expected: string } {
  if (raw[from] !== '"') {
    const space = raw.slice(from).search(/\s/);
    const end = space === -1 ? raw.length : from + space;
    return { value: raw.slice(from, end), end };
  }
  let value = '';
  for (let i = from + 1; i < raw.length; i++) {
    const char = raw[i]!;
    if (char === '\\' && i + 1 < raw.length) {
      value += raw[++i];
    } else if (char === '"') {
      const next = raw[i + 1];
      if (next !== undefined && !/\s/.test(next)) {
        return { column: i + 2, expected: 'a space after the closing quote' };
      }
      return { value, end: i + 1 };
    } else {
      value += char;
    }
  }
  return { column: raw.length + 1, expected: 'a closing " to end the pattern' };
}
