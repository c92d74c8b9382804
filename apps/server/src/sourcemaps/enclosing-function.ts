// The name of the function a position of a source file is in, read from the original source text,
// as Sentry reads scope names: minified stack traces name minified functions (`Zn`), and the
// source map's names are those of the tokens at each position, not of the enclosing function.
// Walks back from the position over balanced braces to each block that holds it, until one is a
// function's body; a nested function that closed before the position is skipped.

const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'with',
  'function',
  'return',
  'else',
  'do',
  'try',
]);
const NAME = '[A-Za-z_$][\\w$]*';
/** How far back a header may start before its body's `{` (long parameter lists with types). */
const HEADER_CHARS = 400;

const HEADERS: ReadonlyArray<RegExp> = [
  // function name(…) {   function* name(…): T {
  new RegExp(`function\\s*\\*?\\s*(${NAME})\\s*(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*(?::[^{]*)?$`),
  // name = (…) => {   name: async function (…) {   name = async x => {
  new RegExp(
    `(${NAME})\\s*[=:]\\s*(?:async\\s+)?(?:function\\s*\\*?\\s*(?:${NAME})?\\s*)?(?:\\([^)]*\\)|${NAME})\\s*(?::[^={]*)?(?:=>)?\\s*$`,
  ),
  // name(…) {  — a method, also with modifiers and a return type
  new RegExp(
    `(?:^|[\\s;{}(,])(?:(?:public|private|protected|static|async|get|set|override)\\s+)*\\*?(${NAME})\\s*(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*(?::[^{;]*)?$`,
  ),
];

/** A function header that has no name: an arrow or `function (…)` passed as an argument. */
const ANONYMOUS = /(?:=>|function\s*\*?\s*\([^)]*\)(?:\s*:[^{]*)?)\s*$/;

/**
 * @example enclosingFunction('function total(cart) {\n  return cart.x.y;\n}', 2, 10) // 'total'
 * Line is 1-based, column 0-based (source map positions). Null for top-level code or an anonymous function.
 */
export function enclosingFunction(source: string, line: number, column: number): string | null {
  let at = offsetOf(source, line, column);
  if (at < 0) return null;
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const ch = source.charCodeAt(i);
    if (ch === 125 /* } */) depth += 1;
    else if (ch === 123 /* { */) {
      if (depth > 0) {
        depth -= 1;
        continue;
      }
      const header = source.slice(Math.max(0, i - HEADER_CHARS), i).replace(/\/\/[^\n]*$/gm, '');
      const kind = headerKind(header);
      if (kind !== 'block') return kind.name;
      at = i;
    }
  }
  return null;
}

function headerKind(text: string): { name: string | null } | 'block' {
  const trimmed = text.trimEnd();
  if (/\bclass\s+[\w$]+(?:\s+extends\s+[^{]+)?$/.test(trimmed)) return 'block';
  for (const re of HEADERS) {
    const m = re.exec(trimmed);
    const name = m?.[1];
    if (name && !KEYWORDS.has(name)) return { name };
  }
  if (ANONYMOUS.test(trimmed)) return { name: null };
  return 'block';
}

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset + column;
}
