// Inserts the response's nonce into the <script> and <style> tags of HTML, also when the HTML arrives in
// chunks. Tags that already carry a nonce are left alone; text inside scripts and styles is never rewritten.

import { readAttribute } from '../hash/inline.ts';

const OPEN_TAG = /<(script|style)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/i;
// Past this much held-back text, a "tag" that never closes is passed on as it is.
const MAX_HELD = 16_384;

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
  private readonly nonce: string;
  private held = '';
  /** Set while inside a script or style element: its closing tag is what comes next. */
  private insideOf: string | undefined;

  constructor(nonce: string) {
    this.nonce = nonce;
  }

  push(text: string): string {
    return this.run(this.held + text, false);
  }

  flush(): string {
    return this.run(this.held, true);
  }

  private run(input: string, final: boolean): string {
    let rest = input;
    let out = '';
    this.held = '';
    for (;;) {
      if (this.insideOf !== undefined) {
        const close = rest.search(new RegExp(`</${this.insideOf}`, 'i'));
        if (close === -1) {
          // Keep what could be the start of the closing tag.
          const keep = final ? 0 : Math.min(rest.length, this.insideOf.length + 2);
          out += rest.slice(0, rest.length - keep);
          this.held = rest.slice(rest.length - keep);
          return out;
        }
        out += rest.slice(0, close);
        rest = rest.slice(close);
        this.insideOf = undefined;
      }
      const open = OPEN_TAG.exec(rest);
      if (open === null) {
        const cut = final ? -1 : unfinishedTagStart(rest);
        if (cut === -1) return out + rest;
        this.held = rest.slice(cut);
        return out + rest.slice(0, cut);
      }
      out += rest.slice(0, open.index) + this.withNonce(open[0], open[1]!, open[2] ?? '');
      rest = rest.slice(open.index + open[0].length);
      this.insideOf = open[1]!.toLowerCase();
    }
  }

  private withNonce(tag: string, name: string, attributes: string): string {
    if (readAttribute(attributes, 'nonce') !== undefined) return tag;
    return `<${name} nonce="${this.nonce}"${tag.slice(name.length + 1)}`;
  }
}

// Where a <script or <style tag starts without having ended yet (or a prefix such as "<scr" at the very end).
function unfinishedTagStart(text: string): number {
  const lt = text.lastIndexOf('<');
  if (lt === -1 || text.length - lt > MAX_HELD) return -1;
  const tail = text.slice(lt).toLowerCase();
  const prefix = '<script'.startsWith(tail) || '<style'.startsWith(tail);
  return prefix || /^<(script|style)[\s/]/.test(tail) ? lt : -1;
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
