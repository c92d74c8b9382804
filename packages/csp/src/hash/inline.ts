// Finds the inline <script> and <style> blocks of an HTML document whose text a browser checks against the
// policy, so they can be hashed at build time (manifest) or at run time (small responses).

/**
 * An inline block found in HTML: which directive governs it, its exact text and where that text starts.
 *
 * @example
 * const block: InlineBlock = { kind: 'style', content: 'p{margin:0}', offset: 7 };
 */
export interface InlineBlock {
  kind: 'script' | 'style';
  /** The exact text between the opening and closing tag, as the browser hashes it. */
  content: string;
  /** Offset of `content` in the HTML. */
  offset: number;
  /** The block's nonce attribute, when it already has one. */
  nonce?: string;
}

// `(?=[\s/>])` rather than `\b`, so custom elements such as <script-loader> are not taken for scripts.
const BLOCK = /<(script|style)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/\1\s*>/gi;
// Script types a browser executes (and so checks against script-src); JSON-LD, templates etc. are inert data.
const EXECUTED_TYPES = new Set([
  '',
  'module',
  'importmap',
  'speculationrules',
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'text/ecmascript',
  'text/jscript',
  'text/livescript',
  'application/x-javascript',
]);

/**
 * Reads one attribute of a tag's attribute text (case-insensitive name; quoted or bare value).
 *
 * @example
 * readAttribute(' type="module" async', 'type'); // 'module'
 * readAttribute(' async', 'async'); // ''
 */
export function readAttribute(attributes: string, name: string): string | undefined {
  const pattern = new RegExp(
    `(?:^|\\s)${name}(?:\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\`]+)))?(?=\\s|/|$)`,
    'i',
  );
  const match = pattern.exec(attributes);
  if (match === null) return undefined;
  return match[1] ?? match[2] ?? match[3] ?? '';
}

/**
 * The inline scripts and styles of an HTML document that a policy must allow: `<script>` without `src` whose
 * type is executable, and every `<style>`. Empty blocks are kept: they are checked (and hashed) too.
 *
 * @example
 * findInlineBlocks('<style>p{margin:0}</style><script src="/app.js"></script><script>boot()</script>');
 * // [{ kind: 'style', content: 'p{margin:0}', offset: 7 }, { kind: 'script', content: 'boot()', offset: 71 }]
 */
export function findInlineBlocks(html: string): InlineBlock[] {
  const blocks: InlineBlock[] = [];
  for (const match of html.matchAll(BLOCK)) {
    const tag = match[1]!.toLowerCase();
    const attributes = match[2] ?? '';
    const content = match[3] ?? '';
    if (tag === 'script' && !isExecutedInlineScript(attributes)) continue;
    // The opening tag is `<`, the tag name, the attributes and `>`: the text starts right after it.
    const offset = match.index + match[1]!.length + attributes.length + 2;
    const block: InlineBlock = { kind: tag === 'script' ? 'script' : 'style', content, offset };
    const nonce = readAttribute(attributes, 'nonce');
    if (nonce !== undefined) block.nonce = nonce;
    blocks.push(block);
  }
  return blocks;
}

function isExecutedInlineScript(attributes: string): boolean {
  if (readAttribute(attributes, 'src') !== undefined) return false;
  const type = (readAttribute(attributes, 'type') ?? '').trim().toLowerCase();
  return EXECUTED_TYPES.has(type);
}
