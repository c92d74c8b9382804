// Pure helpers of the ownership settings: where a problem's line and column fall in the text (to put the
// caret there), the editor's starting comment, and what an issue reference typed by a person points at.

/** The comment a new set of rules starts with: the one rule of reading them. */
export const RULES_HEADER = [
  '# The last matching rule wins: put broad rules first, exceptions after them.',
  '# One rule a line: a matcher and its owners (#team or a member’s email), e.g.',
  '#   path:src/billing/**   #billing',
  '#   module:app.payments.* ana@example.com',
].join('\n');

/** The character offset of a 1-based line and column in a text, clamped to the text. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i]!.length + 1;
  const current = lines[Math.min(line, lines.length) - 1] ?? '';
  return Math.min(offset + Math.max(0, Math.min(column - 1, current.length)), text.length);
}

/**
 * An issue id from what a person pastes: `42`, `#42`, or a link to the issue's page
 * (`https://vigie.example.com/issues/42?event=…`). Null when it holds none.
 */
export function issueIdOf(typed: string): number | null {
  const text = typed.trim();
  const match = /^#?(\d{1,15})$/.exec(text) ?? /\/issues\/(\d{1,15})(?:[/?#]|$)/.exec(text);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
