// Checks one directive as written and reports what a browser would ignore or misread: unknown names, unquoted
// or unknown keywords, malformed sources, a forgotten semicolon, values that would split a header.

import { own } from '../own.ts';
import { directiveKind, isKnownDirective, takesSourceList } from './directives.ts';
import type { ParseProblem } from './model.ts';
import { KEYWORDS, parseSourceExpression } from './source.ts';
import type { RawDirective, Token } from './tokenize.ts';

/** Keywords that only make sense quoted; unquoted, a browser reads them as a host name. */
const UNQUOTED_KEYWORD = new RegExp(`^(${KEYWORDS.join('|')}|nonce-.+|sha(256|384|512)-.+)$`, 'i');
const NON_ASCII = /[^\p{ASCII}]/u;
const DIRECTIVE_NAME = /^[a-z0-9-]+$/i;

function problem(
  code: string,
  severity: ParseProblem['severity'],
  message: string,
  at: Token,
  directive: string,
  value?: string,
): ParseProblem {
  const found: ParseProblem = {
    code,
    severity,
    message,
    offset: at.offset,
    length: at.text.length,
    directive,
  };
  if (value !== undefined) found.value = value;
  return found;
}

/**
 * Problems that make a directive unusable as a whole (the browser drops it); empty when the directive is kept.
 *
 * @example
 * fatalDirectiveProblems(tokenizePolicy('img-src ‘none’', 0)[0]!)[0]?.code; // 'non-ascii'
 */
export function fatalDirectiveProblems(raw: RawDirective): ParseProblem[] {
  const name = raw.name.text.toLowerCase();
  if (NON_ASCII.test(raw.whole.text)) {
    const message = `Directive ${name} contains a non-ASCII character (often a typographic quote ‘ ’); browsers drop the whole directive. Retype it with plain ASCII quotes.`;
    return [problem('non-ascii', 'error', message, raw.whole, name)];
  }
  if (name.endsWith(':') && DIRECTIVE_NAME.test(name.slice(0, -1))) {
    const message = `"${raw.name.text}" ends with a colon, so browsers ignore the whole directive. Write "${name.slice(0, -1)}" without the colon.`;
    return [problem('invalid-directive-name', 'error', message, raw.name, name)];
  }
  if (!DIRECTIVE_NAME.test(name)) {
    const message = `"${raw.name.text}" is not a valid directive name (letters, digits and "-" only); browsers ignore it.`;
    return [problem('invalid-directive-name', 'error', message, raw.name, name)];
  }
  return [];
}

/**
 * Problems in a directive that is kept: unknown name, malformed or misplaced values.
 *
 * @example
 * directiveProblems(tokenizePolicy('script-src self', 0)[0]!)[0]?.code; // 'unquoted-keyword'
 */
export function directiveProblems(raw: RawDirective): ParseProblem[] {
  const name = raw.name.text.toLowerCase();
  const problems: ParseProblem[] = [];
  if (!isKnownDirective(name)) {
    const message = `Unknown directive "${name}"; browsers ignore it. Check the spelling or remove it.`;
    problems.push(problem('unknown-directive', 'warning', message, raw.name, name));
  }
  const kind = directiveKind(name);
  if (kind === 'no-value' && raw.values.length > 0) {
    const message = `${name} takes no value; the values after it are ignored. Did you forget a semicolon?`;
    problems.push(problem('unexpected-value', 'warning', message, raw.values[0]!, name, raw.values[0]!.text));
  }
  for (const value of raw.values) problems.push(...valueProblems(name, value));
  if (takesSourceList(name)) problems.push(...sourceListProblems(name, raw));
  return problems;
}

function valueProblems(name: string, value: Token): ParseProblem[] {
  const text = value.text;
  if (text.includes(',')) {
    const message = `"${text}" contains a comma. In a header a comma starts a new policy, so everything after it becomes a separate, usually broken, policy. Separate sources with spaces.`;
    return [problem('comma-in-value', 'error', message, value, name, text)];
  }
  if (isKnownDirective(text.toLowerCase())) {
    const message = `"${text}" is a directive name used as a value of ${name}: a semicolon is probably missing before it. Write "; ${text}".`;
    return [problem('missing-semicolon', 'error', message, value, name, text)];
  }
  if (name === 'trusted-types' || name === 'require-trusted-types-for')
    return trustedTypesProblems(name, value);
  if (!takesSourceList(name)) return [];
  const source = parseSourceExpression(text);
  if (source.kind === 'host' && UNQUOTED_KEYWORD.test(text)) {
    const message = `Keyword ${text} must be quoted ('${text}'); unquoted, browsers read it as a host name.`;
    return [problem('unquoted-keyword', 'error', message, value, name, text)];
  }
  if (source.kind === 'invalid' && text.startsWith("'")) {
    const message = `${text} is not a valid CSP keyword, nonce or hash (${source.reason}); browsers ignore it. Check the spelling (e.g. 'self', 'unsafe-inline', 'nonce-…' in base64).`;
    return [problem('invalid-keyword', 'error', message, value, name, text)];
  }
  if (source.kind === 'invalid') {
    const message = `${text} is not a valid source expression (${source.reason}); browsers ignore it.`;
    return [problem('invalid-source', 'error', message, value, name, text)];
  }
  if (directiveKind(name) === 'ancestor-source-list' && source.kind !== 'host' && source.kind !== 'scheme') {
    if (source.kind === 'keyword' && (source.keyword === 'self' || source.keyword === 'none')) return [];
    const message = `${text} has no effect in ${name}, which only accepts 'self', 'none', schemes and hosts.`;
    return [problem('invalid-keyword', 'error', message, value, name, text)];
  }
  return [];
}

/** Keywords each Trusted Types directive accepts; anything else quoted is ignored by browsers. */
const TRUSTED_TYPES_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  'trusted-types': ["'allow-duplicates'", "'none'"],
  'require-trusted-types-for': ["'script'"],
};

function trustedTypesProblems(name: string, value: Token): ParseProblem[] {
  const text = value.text;
  const allowed = own(TRUSTED_TYPES_KEYWORDS, name) ?? [];
  const quoted = text.startsWith("'");
  if ((quoted || name === 'require-trusted-types-for') && !allowed.includes(text.toLowerCase())) {
    const message = `${text} is not valid in ${name} (allowed: ${allowed.join(', ')}${name === 'trusted-types' ? ', policy names, *' : ''}); browsers ignore it.`;
    return [problem('invalid-keyword', 'error', message, value, name, text)];
  }
  return [];
}

function sourceListProblems(name: string, raw: RawDirective): ParseProblem[] {
  if (raw.values.length === 0) {
    const message = `${name} has no sources, which blocks everything like 'none'. Write 'none' explicitly if that is meant.`;
    return [problem('empty-source-list', 'warning', message, raw.name, name)];
  }
  const none = raw.values.find((v) => v.text.toLowerCase() === "'none'");
  if (none !== undefined && raw.values.length > 1) {
    const message = `'none' in ${name} is ignored when other sources are listed. Remove 'none' or the other sources.`;
    return [problem('none-with-other-sources', 'warning', message, none, name, none.text)];
  }
  return [];
}
