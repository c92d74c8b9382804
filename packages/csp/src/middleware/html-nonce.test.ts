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

// "<script>" and "<style>" where the HTML parser does not see a tag: none of them may get the nonce, or an
// attacker's text that reaches one of these places would become a trusted script.
const TRAPS = `<!doctype html><html><head><title>a <script>title()</script> b</title></head><body>
<div title="<script>attr()</script>" data-x='<style>'>x</div>
<!-- <script>commented()</script> -->
<textarea name="bio"><script>textarea()</script><style></style></textarea>
<noscript><script>noscript()</script></noscript>
<script>var html = "<script>inner()<\\/script>"; if (a < b) go();</script>
<svg><script>svg()</script></svg>
</body></html>`;

describe('insertNonce reads HTML as a browser does', () => {
  const EXPECTED_TRAPS = TRAPS.replace('<script>var html', '<script nonce="N">var html').replace(
    '<svg><script>',
    '<svg><script nonce="N">',
  );

  it('nonces only real script and style tags: not in attribute values, comments, <textarea>, <title> or <noscript>', () => {
    expect(insertNonce(TRAPS, 'N')).toBe(EXPECTED_TRAPS);
  });

  it('holds back a tag cut anywhere, even inside an attribute value holding ">"', () => {
    for (const size of [1, 3, 11, 40]) {
      const rewriter = new NonceInserter('N');
      let out = '';
      for (let i = 0; i < TRAPS.length; i += size) out += rewriter.push(TRAPS.slice(i, i + size));
      expect(out + rewriter.flush(), `chunks of ${size}`).toBe(EXPECTED_TRAPS);
    }
  });
});
