// Finds the inline <script> and <style> blocks of an HTML document whose text a browser checks against the
// policy, so they can be hashed at build time (manifest) or at run time (small responses). The HTML is read by
// a real tokenizer: "<script>" in a comment, an attribute value, a <textarea> or a <title> is not a block.

import { HtmlScanner } from '../html/scanner.ts';

/**
 * An inline block found in HTML: which directive governs it, its exact text and where that text starts.
 *
 * @example
 * const block: InlineBlock = { kind: 'style', content: 'p{margin:0}', offset: 7 };
 */
export interface InlineBlock {
  kind: 'script' | 'style';
  /** The block's text as the browser hashes it: the characters between the tags, line breaks normalized to \n. */
  content: string;
  /** Offset of the block's text in the HTML. */
  offset: number;
  /** The block's nonce attribute, when it already has one. */
  nonce?: string;
}

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

function isExecutedInlineScript(attributes: ReadonlyMap<string, string>): boolean {
  if (attributes.has('src')) return false;
  const type = (attributes.get('type') ?? '').trim().toLowerCase();
  return EXECUTED_TYPES.has(type);
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
  let open:
    | { kind: 'script' | 'style'; offset: number; nonce: string | undefined; hashed: boolean }
    | undefined;
  const scanner = new HtmlScanner({
    startTag: (tag) => {
      const hashed = tag.name === 'style' || isExecutedInlineScript(tag.attributes);
      open = { kind: tag.name, offset: tag.end, nonce: tag.attributes.get('nonce'), hashed };
    },
    endTag: (name, start) => {
      if (open === undefined || open.kind !== name) return;
      if (open.hashed) {
        // The parser turns CR LF and lone CR into LF before the text reaches the element.
        const content = html.slice(open.offset, start).replace(/\r\n?/g, '\n');
        const block: InlineBlock = { kind: open.kind, content, offset: open.offset };
        if (open.nonce !== undefined) block.nonce = open.nonce;
        blocks.push(block);
      }
      open = undefined;
    },
  });
  scanner.write(html);
  scanner.end();
  return blocks;
}
