// The two kinds of wildcard pattern ownership rules use, compiled once to regular expressions. Paths
// (`path:` and CODEOWNERS) read like .gitignore: `*` stays within a directory, `**` crosses them, and a
// pattern matches from any directory boundary of a frame's path, since Vigie cannot know where the
// repository's root sits in a deployed file's path. Everything else (`module:`, `url:`, `tags.*:`,
// `culprit:`) is a whole-value glob in which `*` matches anything. Both ignore letter case.

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** A whole-value glob: `*` any run of characters, `?` one character, everything else literal. */
export function compileValueGlob(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    source += char === '*' ? '[\\s\\S]*' : char === '?' ? '[\\s\\S]' : escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 'i');
}

/**
 * A path pattern: `src/billing/**`, `*.py`, `/docs/`, `app/**\/views/*.ts`. A pattern naming a directory
 * (`docs`, `docs/`, `docs/**`) covers everything under it, `docs/*` only the files directly in it; a leading
 * `/` is ignored (see above).
 */
export function compilePathGlob(pattern: string): RegExp {
  const trimmed = pattern.replace(/^\/+/, '');
  const directoryOnly = trimmed.endsWith('/');
  const segments = trimmed.replace(/\/+$/, '').split('/');
  let source = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // `a/**/b` matches a/b too; a trailing `**` anything under the directory.
      source += last ? '.*' : '(?:[^/]*/)*';
      return;
    }
    for (const char of segment) {
      source += char === '*' ? '[^/]*' : char === '?' ? '[^/]' : escapeRegExp(char);
    }
    if (!last) source += '/';
  });
  const last = segments.at(-1) ?? '';
  // `docs/*` names the files directly in docs (GitHub's reading), `docs` or `docs/` all under it.
  const rest = last === '**' ? '' : directoryOnly ? '/.*' : /[*?]/.test(last) ? '' : '(?:/.*)?';
  return new RegExp(`(?:^|/)${source}${rest}$`, 'i');
}

/**
 * A frame's path as the rules see it: forward slashes, no URL scheme (`webpack:///`, `app:///`,
 * `file://`), no query or fragment, no `./` segments.
 */
export function normalizeFramePath(path: string): string {
  return path
    .replaceAll('\\', '/')
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    .replace(/[?#].*$/, '')
    .replace(/(^|\/)(?:\.\/)+/g, '$1');
}
