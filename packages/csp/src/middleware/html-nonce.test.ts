import { describe, expect, it } from 'vitest';
import { insertNonce, NonceInserter } from './html-nonce.ts';

const PAGE = `<!doctype html><html><head>
<style>body{margin:0}</style>
<script src="/app.js" defer></script>
<script nonce="keep">already()</script>
<SCRIPT type=module>document.write('<script>nested()<\\/script>'); const s = "<style>";</SCRIPT>
<script-loader src="x"></script-loader>
</head><body><p>2 < 3 and <b>bold</b></p></body></html>`;

const EXPECTED = `<!doctype html><html><head>
<style nonce="N">body{margin:0}</style>
<script nonce="N" src="/app.js" defer></script>
<script nonce="keep">already()</script>
<SCRIPT nonce="N" type=module>document.write('<script>nested()<\\/script>'); const s = "<style>";</SCRIPT>
<script-loader src="x"></script-loader>
</head><body><p>2 < 3 and <b>bold</b></p></body></html>`;

describe('insertNonce', () => {
  it('nonces script and style tags, keeps existing nonces and never rewrites text inside a script', () => {
    expect(insertNonce(PAGE, 'N')).toBe(EXPECTED);
  });

  it('gives the same result however the HTML is cut into chunks', () => {
    for (const size of [1, 2, 3, 5, 7, 16, 64]) {
      const rewriter = new NonceInserter('N');
      let out = '';
      for (let i = 0; i < PAGE.length; i += size) out += rewriter.push(PAGE.slice(i, i + size));
      expect(out + rewriter.flush(), `chunks of ${size}`).toBe(EXPECTED);
    }
  });
});
