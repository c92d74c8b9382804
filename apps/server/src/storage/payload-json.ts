// JSON as ingest and the CSP collector read it from browsers and SDKs: JSON.parse (which is iterative
// in V8, so any depth parses), with every NUL character in a string or a key replaced by U+FFFD.
// PostgreSQL cannot store NUL in text while SQLite can; replacing it as the payload is read gives both
// databases the same event. It lives in storage/ because that is the constraint it answers.

const NUL = '\u0000';
/** U+FFFD REPLACEMENT CHARACTER, Unicode's mark for a character that could not be kept. */
export const NUL_REPLACEMENT = '\uFFFD';

/** Parses `text` as JSON (throws JSON.parse's SyntaxError), NULs replaced. */
export function parsePayloadJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // A NUL can only be in JSON text as the escape \u0000: without one, there is nothing to walk.
  return text.includes('\\u0000') ? withoutNul(value) : value;
}

type Holder = Record<string, unknown> | unknown[];

/** Replaces NUL in every string and key, walking with a stack of its own: any depth is safe. */
export function withoutNul(root: unknown): unknown {
  const box: Record<string, unknown> = { root };
  const stack: Array<[Holder, string | number]> = [[box, 'root']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [holder, key] = next;
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      if (value.includes(NUL)) setOwn(holder, key, value.replaceAll(NUL, NUL_REPLACEMENT));
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push([value, i]);
    } else if (typeof value === 'object' && value !== null) {
      let object = value as Record<string, unknown>;
      if (Object.keys(object).some((name) => name.includes(NUL))) {
        object = Object.fromEntries(
          Object.entries(object).map(([name, item]) => [name.replaceAll(NUL, NUL_REPLACEMENT), item]),
        );
        setOwn(holder, key, object);
      }
      for (const name of Object.keys(object)) stack.push([object, name]);
    }
  }
  return box.root;
}

/** Sets an own property, "__proto__" included (plain assignment would set the prototype instead). */
function setOwn(holder: Holder, key: string | number, value: unknown): void {
  Object.defineProperty(holder, key, { value, writable: true, enumerable: true, configurable: true });
}
