// Reads HTML with parse5's tokenizer, the HTML standard's own state machine, switched the way a browser's tree
// builder switches it: the text of <textarea> and <title>, of <style>, <xmp>, <iframe>, <noembed>, <noframes>
// and <noscript>, and of <script> is text, and so are comments and attribute values. Only real <script> and
// <style> start tags come out, with their offsets in the input, also when the HTML arrives in pieces.

import type { TokenHandler } from 'parse5';
import { Tokenizer, TokenizerMode } from 'parse5';

type StartTagToken = Parameters<TokenHandler['onStartTag']>[0];

/**
 * A `<script>` or `<style>` start tag as the browser reads it.
 *
 * @example
 * const tag: ElementTag = { name: 'script', start: 0, end: 21, attributes: new Map([['type', 'module']]) };
 */
export interface ElementTag {
  name: 'script' | 'style';
  /** Offset of the tag's `<` in the whole input. */
  start: number;
  /** Offset just after the tag's `>`. */
  end: number;
  /** Attribute values, decoded (`&amp;` is `&`), by lower-cased name; the first of duplicates wins. */
  attributes: ReadonlyMap<string, string>;
}

/**
 * What the scanner reports.
 *
 * @example
 * const events: ScanEvents = { startTag: (tag) => console.log(tag.name, tag.start), endTag: () => {} };
 */
export interface ScanEvents {
  startTag(tag: ElementTag): void;
  /** The end tag of a script or style element: `start` is the offset of its `<`. */
  endTag(name: 'script' | 'style', start: number): void;
}

// Where the tree builder switches the tokenizer to text (HTML standard 13.2.6.4.7 "in body", scripting on).
const TEXT_MODES: ReadonlyMap<string, number> = new Map([
  ['textarea', TokenizerMode.RCDATA],
  ['title', TokenizerMode.RCDATA],
  ['style', TokenizerMode.RAWTEXT],
  ['xmp', TokenizerMode.RAWTEXT],
  ['iframe', TokenizerMode.RAWTEXT],
  ['noembed', TokenizerMode.RAWTEXT],
  ['noframes', TokenizerMode.RAWTEXT],
  ['noscript', TokenizerMode.RAWTEXT],
  ['script', TokenizerMode.SCRIPT_DATA],
  ['plaintext', TokenizerMode.PLAINTEXT],
]);

// SVG and MathML content is tokenized as markup (no text modes), <![CDATA[ included.
const FOREIGN = new Set(['svg', 'math']);

/**
 * A streaming HTML scanner. `write` pieces of a document, then `end()`. `settled` is the offset up to which
 * the input can no longer change what is reported (no tag is still open there), so a rewriter may send it on.
 *
 * @example
 * const scanner = new HtmlScanner({ startTag: (t) => tags.push(t), endTag: () => {} });
 * scanner.write('<p title="<script>">hi</p><scr');
 * scanner.write('ipt src="/a.js"></script>');
 * scanner.end();
 * tags.map((t) => t.start); // [26]
 */
export class HtmlScanner {
  private readonly tokenizer: Tokenizer;
  private settledAt = 0;
  private foreignDepth = 0;

  constructor(events: ScanEvents) {
    const settle = (end: number | undefined): void => {
      if (end !== undefined && end > this.settledAt) this.settledAt = end;
    };
    const handler: TokenHandler = {
      onStartTag: (token: StartTagToken) => {
        settle(token.location?.endOffset);
        const name = token.tagName;
        if (FOREIGN.has(name) && !token.selfClosing) this.enterForeign();
        if (name === 'script' || name === 'style') {
          const attributes = new Map<string, string>();
          for (const attr of token.attrs)
            if (!attributes.has(attr.name)) attributes.set(attr.name, attr.value);
          events.startTag({
            name,
            start: token.location?.startOffset ?? 0,
            end: token.location?.endOffset ?? 0,
            attributes,
          });
        }
        const mode = TEXT_MODES.get(name);
        if (this.foreignDepth === 0 && mode !== undefined && !(token.selfClosing && name !== 'script'))
          this.tokenizer.state = mode as typeof this.tokenizer.state;
      },
      onEndTag: (token) => {
        settle(token.location?.endOffset);
        const name = token.tagName;
        if (FOREIGN.has(name) && this.foreignDepth > 0) this.leaveForeign();
        if (name === 'script' || name === 'style') events.endTag(name, token.location?.startOffset ?? 0);
      },
      onComment: (token) => settle(token.location?.endOffset),
      onDoctype: (token) => settle(token.location?.endOffset),
      onCharacter: (token) => settle(token.location?.endOffset),
      onNullCharacter: (token) => settle(token.location?.endOffset),
      onWhitespaceCharacter: (token) => settle(token.location?.endOffset),
      onEof: (token) => settle(token.location?.endOffset),
    };
    this.tokenizer = new Tokenizer({ sourceCodeLocationInfo: true }, handler);
  }

  private enterForeign(): void {
    this.foreignDepth += 1;
    this.tokenizer.inForeignNode = true;
  }

  private leaveForeign(): void {
    this.foreignDepth -= 1;
    this.tokenizer.inForeignNode = this.foreignDepth > 0;
  }

  /** Offset up to which the input is read for good: no tag, comment or reference is still open before it. */
  get settled(): number {
    return this.settledAt;
  }

  write(chunk: string): void {
    this.tokenizer.write(chunk, false);
    // Text read so far is final even though the tokenizer keeps it to join with what follows.
    this.tokenizer.flushCharacters();
  }

  end(): void {
    this.tokenizer.write('', true);
  }
}
