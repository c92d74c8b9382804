// Replaces the variable parts of a message (ids, numbers, addresses, dates, quoted values) with
// placeholders, so "Order 77812 not found" and "Order 90211 not found" read the same to grouping.
// Order matters: a pattern that contains another (a URL holding an IP, a UUID holding hex runs,
// a date holding numbers) must run first, or the inner pattern would eat part of it.

interface Rule {
  placeholder: string;
  pattern: RegExp;
}

const HEX = '[0-9a-fA-F]';

const RULES: readonly Rule[] = [
  { placeholder: '<url>', pattern: /(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s'"<>`]+/g },
  { placeholder: '<email>', pattern: /(?<![\w.+-])[\w.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}\b/g },
  {
    placeholder: '<uuid>',
    pattern: new RegExp(`\\b${HEX}{8}-?${HEX}{4}-?${HEX}{4}-?${HEX}{4}-?${HEX}{12}\\b`, 'g'),
  },
  {
    // RFC 3339 / ISO 8601 timestamps and dates, then times of day with seconds.
    placeholder: '<date>',
    pattern:
      /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|\s?[+-]\d{2}:?\d{2})?)?(?![\w-])/g,
  },
  {
    // HTTP-style dates: "Tue, 25 Nov 2026 00:26:49 GMT".
    placeholder: '<date>',
    pattern:
      /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2}(?: (?:GMT|UTC|[+-]\d{4}))?/g,
  },
  { placeholder: '<date>', pattern: /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g },
  {
    placeholder: '<ip>',
    pattern:
      /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?::\d{1,5})?\b/g,
  },
  // IPv6: eight groups, or compressed with "::" and holding a digit (so Ruby's `Foo::Bar` is left alone).
  { placeholder: '<ip>', pattern: new RegExp(`(?<![\\w:])(?:${HEX}{1,4}:){7}${HEX}{1,4}(?![\\w:])`, 'g') },
  {
    placeholder: '<ip>',
    pattern: new RegExp(
      `(?<![\\w:])(?=[0-9a-fA-F:]*\\d)(?:${HEX}{1,4}(?::${HEX}{1,4})*)?::(?:${HEX}{1,4}(?::${HEX}{1,4})*)?(?![\\w:])`,
      'g',
    ),
  },
  { placeholder: '<hex>', pattern: /\b0[xX][0-9a-fA-F]+\b/g },
  // Long hex runs (hashes, object ids): at least 8 characters, with both a digit and a letter.
  { placeholder: '<hex>', pattern: /\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b/g },
  // Numbers standing alone or before a unit ("3012ms"); digits inside a word are part of a name
  // ("utf8", the short commit "3f2a1b9") and dotted versions ("1.4.2") are left whole.
  { placeholder: '<float>', pattern: /(?<![\w.])-?\d+\.\d+(?![\w.]*\d)/g },
  { placeholder: '<int>', pattern: /(?<![\w.])-?\d+(?![\w.]*\d)/g },
  // Quoted values: the quote must not sit inside a word, so "can't" or "user's" stay untouched.
  { placeholder: '<quoted>', pattern: /(?<![\w'])'[^'\n]*'(?![\w'])/g },
  { placeholder: '<quoted>', pattern: /(?<![\w"])"[^"\n]*"(?![\w"])/g },
  { placeholder: '<quoted>', pattern: /(?<![\w`])`[^`\n]*`(?![\w`])/g },
];

/**
 * @example parameterize("Order 77812 for bob@example.com failed") // "Order <int> for <email> failed"
 */
export function parameterize(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.placeholder);
  return out;
}
