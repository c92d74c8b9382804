// The builder's draft as directives the page can edit by hand: parse the policy text into directives,
// add a source to a directive, remove one, and write the text back. Kept simple on purpose: the server
// parses and checks the result (POST …/csp/check) every time the draft changes.

export interface DraftDirective {
  name: string;
  values: string[];
}

export function parseDraft(text: string): DraftDirective[] {
  const directives: DraftDirective[] = [];
  for (const part of text.split(';')) {
    const tokens = part
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '');
    const [name, ...values] = tokens;
    if (name === undefined) continue;
    const lower = name.toLowerCase();
    // A repeated directive is ignored by browsers: the first one counts.
    if (directives.some((d) => d.name === lower)) continue;
    directives.push({ name: lower, values });
  }
  return directives;
}

export function serializeDraft(directives: readonly DraftDirective[]): string {
  return directives.map((d) => [d.name, ...d.values].join(' ')).join('; ');
}

const REPORTING = new Set(['report-uri', 'report-to']);

/** Adds `source` to `directive` (created before the reporting directives when missing). */
export function addToDraft(text: string, directive: string, source: string): string {
  const name = directive.trim().toLowerCase();
  const value = source.trim();
  if (name === '' || value === '') return text;
  const directives = parseDraft(text);
  const existing = directives.find((d) => d.name === name);
  if (existing) {
    if (!existing.values.includes(value)) existing.values.push(value);
  } else {
    // A new fetch directive starts from what default-src allowed, so adding a source never narrows it.
    const fallback = name.endsWith('-src')
      ? (directives.find((d) => d.name === 'default-src')?.values ?? [])
      : [];
    const created = { name, values: [...fallback.filter((v) => v !== value), value] };
    const at = directives.findIndex((d) => REPORTING.has(d.name));
    directives.splice(at === -1 ? directives.length : at, 0, created);
  }
  return serializeDraft(directives);
}

/** Removes one value from a directive, or the whole directive when `source` is null. */
export function removeFromDraft(text: string, directive: string, source: string | null): string {
  const directives = parseDraft(text)
    .map((d) =>
      d.name === directive && source !== null ? { ...d, values: d.values.filter((v) => v !== source) } : d,
    )
    .filter((d) => !(d.name === directive && source === null));
  return serializeDraft(directives);
}
