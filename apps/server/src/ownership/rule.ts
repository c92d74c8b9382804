// What an ownership rule is once read, whichever text it came from: hand-written rules (rules.ts) or an
// imported CODEOWNERS file (codeowners.ts). Pure data; matching.ts tests rules against events.

export const MATCHER_KINDS = ['path', 'module', 'url', 'tags', 'culprit'] as const;
export type MatcherKind = (typeof MATCHER_KINDS)[number];

/** Where a rule came from: the project's hand-written rules, or its imported CODEOWNERS file. */
export type RuleSource = 'rules' | 'codeowners';

/** An owner as written: a team (`#billing`), a member by email, or a GitHub handle (`@ana`, `@org/team`). */
export type OwnerRef =
  | { kind: 'team'; slug: string }
  | { kind: 'user'; email: string }
  | { kind: 'handle'; handle: string };

export interface Matcher {
  kind: MatcherKind;
  /** The tag's key, for `tags.<key>:`. */
  tag?: string;
  pattern: string;
}

export interface OwnershipRule {
  source: RuleSource;
  /** 1-based line in its text. */
  line: number;
  /** The rule as written (trimmed), shown as the reason an issue is owned. */
  text: string;
  matcher: Matcher;
  /** Empty for a CODEOWNERS line without owners (that path has no owner: it overrides earlier lines). */
  owners: OwnedBy[];
}

export interface OwnedBy {
  owner: OwnerRef;
  /** 1-based column of the owner in its line, for reporting an unknown owner. */
  column: number;
}

/** One thing wrong in a text of rules, where it is, and what was expected there. */
export interface RuleProblem {
  source: RuleSource;
  line: number;
  /** 1-based, in characters (UTF-16 code units) of the line. */
  column: number;
  expected: string;
  message: string;
}

export interface ParsedRules {
  rules: OwnershipRule[];
  problems: RuleProblem[];
}

/** How an owner is written back: `#billing`, `ana@example.com`, `@org/team`. */
export function ownerLabel(owner: OwnerRef): string {
  switch (owner.kind) {
    case 'team':
      return `#${owner.slug}`;
    case 'user':
      return owner.email;
    case 'handle':
      return owner.handle;
  }
}

const TEAM = /^#([A-Za-z0-9][A-Za-z0-9_.-]*)$/;
const EMAIL = /^[^\s@#"]+@[^\s@]+\.[^\s@]+$/;
const HANDLE = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/;

/** An owner token, or undefined when it is none of the kinds allowed. */
export function readOwner(token: string, allowHandles: boolean): OwnerRef | undefined {
  const team = TEAM.exec(token)?.[1];
  if (team !== undefined) return { kind: 'team', slug: team.toLowerCase() };
  if (EMAIL.test(token)) return { kind: 'user', email: token.toLowerCase() };
  if (allowHandles && HANDLE.test(token)) return { kind: 'handle', handle: token.toLowerCase() };
  return undefined;
}

/** A token of a line and the column (1-based) it starts at. */
export interface Token {
  text: string;
  column: number;
}

/** Splits a line at whitespace, keeping each token's column; stops at a `#` that starts a comment. */
export function tokenize(line: string, commentStart: (text: string, index: number) => boolean): Token[] {
  const tokens: Token[] = [];
  const pattern = /\S+/g;
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    if (commentStart(match[0], match.index)) break;
    tokens.push({ text: match[0], column: match.index + 1 });
  }
  return tokens;
}
