// Inserts the response's nonce into the <script> and <style> start tags of HTML, also when the HTML arrives in
// chunks. The HTML is read by a real tokenizer (html/scanner.ts): "<script>" inside an attribute value, a
// comment, a <textarea>, a <title> or a script's own text is not a tag and is never given the nonce.

import { HtmlScanner } from '../html/scanner.ts';

/**
 * A streaming rewriter: feed it HTML text in pieces, it returns the rewritten text that is safe to send so far
 * (a tag cut in two is held back until its end arrives). Call `flush()` at the end.
 *
 * @example
 * const rewriter = new NonceInserter('r4nd0m');
 * rewriter.push('<p>hi</p><scr') + rewriter.push('ipt>go()</script>') + rewriter.flush();
 * // '<p>hi</p><script nonce="r4nd0m">go()</script>'
 */
export class NonceInserter {
  private readonly scanner: HtmlScanner;
  private readonly attribute: string;
  /** Input not sent yet, starting at offset `sentUpTo` of the whole input. */
  private pending = '';
  private sentUpTo = 0;
  /** Offsets (in the whole input) where ` nonce="…"` goes, in order. */
  private readonly insertions: number[] = [];

  constructor(nonce: string) {
    this.attribute = ` nonce="${nonce}"`;
    this.scanner = new HtmlScanner({
      startTag: (tag) => {
        // Right after the tag name: `<script` is 7 characters, `<style` 6, whatever their case.
        if (!tag.attributes.has('nonce')) this.insertions.push(tag.start + 1 + tag.name.length);
      },
      endTag: () => {},
    });
  }

  push(text: string): string {
    this.pending += text;
    this.scanner.write(text);
    return this.take(this.scanner.settled);
  }

  flush(): string {
    this.scanner.end();
    return this.take(this.sentUpTo + this.pending.length);
  }

  private take(upTo: number): string {
    if (upTo <= this.sentUpTo) return '';
    let out = '';
    let from = this.sentUpTo;
    while (this.insertions.length > 0 && (this.insertions[0] ?? upTo) <= upTo) {
      const at = this.insertions.shift() ?? upTo;
      out += this.pending.slice(from - this.sentUpTo, at - this.sentUpTo) + this.attribute;
      from = at;
    }
    out += this.pending.slice(from - this.sentUpTo, upTo - this.sentUpTo);
    this.pending = this.pending.slice(upTo - this.sentUpTo);
    this.sentUpTo = upTo;
    return out;
  }
}

/**
 * The HTML with the nonce in every `<script>` and `<style>` tag that has none. Only for HTML your templates
 * produced: an attacker's `<script>` injected into the page would get the nonce too. Escape user content.
 *
 * @example
 * insertNonce('<style>p{margin:0}</style><script src="/app.js"></script>', 'r4nd0m');
 * // '<style nonce="r4nd0m">p{margin:0}</style><script nonce="r4nd0m" src="/app.js"></script>'
 */
export function insertNonce(html: string, nonce: string): string {
  const rewriter = new NonceInserter(nonce);
  return rewriter.push(html) + rewriter.flush();
}
