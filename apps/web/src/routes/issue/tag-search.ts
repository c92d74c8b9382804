// A tag value as a stream search term, so that a value in the tag breakdown opens the issues that
// carried it: `release:` and `environment:` as the search bar knows them, the user by id or email,
// and any other tag as `tags[key]:`. Values are written as the query language reads them.

/** How a value is written in a query: bare when it can be, else quoted with `"`, `\` and `*` escaped. */
export function searchValue(value: string): string {
  if (value !== '' && !/[\s",[\]*\\]/.test(value)) return value;
  return `"${value.replace(/["\\*]/g, (ch) => `\\${ch}`)}"`;
}

/** The search term matching issues whose events had this tag value; null when the language cannot say it. */
export function tagSearchTerm(key: string, value: string): string | null {
  if (value === '') return null;
  if (key === 'release' || key === 'environment') return `${key}:${searchValue(value)}`;
  if (key === 'user') {
    // The user tag is the event's user key: id:…, email:…, username:… or ip:….
    const [kind, ...rest] = value.split(':');
    const id = rest.join(':');
    if (kind === 'id' && id !== '') return `user.id:${searchValue(id)}`;
    if (kind === 'email' && id !== '') return `user.email:${searchValue(id)}`;
  }
  // A key with a space, a quote or a closing bracket cannot be written between brackets.
  if (/[\s"\]]/.test(key) || key === '') return null;
  return `tags[${key}]:${searchValue(value)}`;
}
