// The stream's edits to a search query as text: the environment and release pickers set or clear
// one `key:value` term, and an accepted completion replaces the span the server named. The query
// stays the server's language, as typed; the server parses it.

export interface Term {
  text: string;
  start: number;
  end: number;
}

/** The query's terms, split at spaces outside quotes and brackets. */
export function splitTerms(query: string): Term[] {
  const terms: Term[] = [];
  let start = -1;
  let quoted = false;
  let list = false;
  const close = (end: number) => {
    if (start >= 0) terms.push({ text: query.slice(start, end), start, end });
    start = -1;
  };
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (start < 0 && !/\s/.test(ch)) start = i;
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '[') list = true;
    else if (!quoted && ch === ']') list = false;
    else if (!quoted && !list && /\s/.test(ch)) close(i);
  }
  close(query.length);
  return terms;
}

/** How a value is written in a query: bare when it can be, else quoted (as the server writes it). */
export function writeValue(value: string): string {
  if (value !== '' && !/[\s",[\]*\\]/.test(value)) return value;
  return `"${value.replace(/["\\*]/g, (ch) => `\\${ch}`)}"`;
}

function readValue(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const inner = raw.endsWith('"') && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  return inner.replace(/\\(.)/g, '$1');
}

const keyOf = (term: string, key: string): string | null =>
  term.toLowerCase().startsWith(`${key.toLowerCase()}:`) ? term.slice(key.length + 1) : null;

/** The value of the query's (not negated) `key:` term, or null when it has none or several. */
export function termValue(query: string, key: string): string | null {
  const values = splitTerms(query)
    .map((t) => keyOf(t.text, key))
    .filter((v): v is string => v !== null);
  return values.length === 1 && !values[0]!.startsWith('[') ? readValue(values[0]!) : null;
}

/** The query with its `key:` terms replaced by `key:value`, or removed when value is null. */
export function withTerm(query: string, key: string, value: string | null): string {
  const kept = splitTerms(query)
    .map((t) => t.text)
    .filter((t) => keyOf(t, key) === null);
  if (value !== null) kept.push(`${key}:${writeValue(value)}`);
  return kept.join(' ');
}

/**
 * The query once a completion is accepted: `text` in place of from..to, then a space after a whole
 * value (not after a key, whose value comes next), and where the cursor goes.
 */
export function applyCompletion(
  query: string,
  span: { from: number; to: number },
  text: string,
): { query: string; cursor: number } {
  const before = query.slice(0, span.from);
  const after = query.slice(span.to);
  const insideList = /\[[^\]]*$/.test(before);
  const space = text.endsWith(':') || insideList || /^\s/.test(after) ? '' : ' ';
  const inserted = text + space;
  const cursor = before.length + inserted.length + (space === '' && /^\s/.test(after) ? 1 : 0);
  return { query: before + inserted + after, cursor: Math.min(cursor, (before + inserted + after).length) };
}

/** The option highlighted after an arrow key: wraps around; -1 is none. */
export function stepActive(active: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (active < 0) return step === 1 ? 0 : count - 1;
  return (active + step + count) % count;
}
