import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSource } from './digest.ts';
import { findInlineBlocks } from './inline.ts';
import { buildHashManifest, readHashManifest } from './manifest.ts';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const PAGE = `<!doctype html>
<html><head>
<style>
  body { font-family: system-ui; }
</style>
<script type="application/ld+json">{"@type":"Organization"}</script>
<script src="/app.js"></script>
<script type="module">import { start } from '/app.js'; start();</script>
<script-loader>not a script</script-loader>
</head><body>
<script nonce="abc">window.dataLayer = [];</script>
</body></html>`;

describe('hash sources', () => {
  it('matches the hash a browser computes for the empty inline script', () => {
    // The hash every CSP guide quotes for <script></script>.
    expect(hashSource('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(hashSource("alert('déjà vu')")).toBe(sha256("alert('déjà vu')"));
    expect(hashSource('x', 'sha384')).toMatch(/^'sha384-[A-Za-z0-9+/]{64}'$/);
  });
});

describe('findInlineBlocks', () => {
  it('finds executed inline scripts and every style, with their exact text and position', () => {
    const blocks = findInlineBlocks(PAGE);
    expect(blocks.map((b) => [b.kind, b.content])).toEqual([
      ['style', '\n  body { font-family: system-ui; }\n'],
      ['script', "import { start } from '/app.js'; start();"],
      ['script', 'window.dataLayer = [];'],
    ]);
    for (const block of blocks)
      expect(PAGE.slice(block.offset, block.offset + block.content.length)).toBe(block.content);
    expect(blocks[2]?.nonce).toBe('abc');
  });

  it('finds no block in attribute values, comments, <textarea>, <title> or <noscript>', () => {
    const html = `<title><script>t()</script></title><div title="<script>a()</script>"></div>
<!-- <script>c()</script> --><textarea><style>x{}</style></textarea><noscript><script>n()</script></noscript>
<script>real()</script>`;
    expect(findInlineBlocks(html).map((b) => b.content)).toEqual(['real()']);
  });

  it('hashes the text with line breaks as the parser delivers them (CR LF read as LF)', () => {
    expect(findInlineBlocks('<script>\r\nboot();\r\n</script>')[0]?.content).toBe('\nboot();\n');
  });

  it('ends a script at the first closing tag, as the HTML parser does', () => {
    const blocks = findInlineBlocks('<SCRIPT>var s = "</scr" + "ipt>";</SCRIPT >');
    expect(blocks).toEqual([{ kind: 'script', content: 'var s = "</scr" + "ipt>";', offset: 8 }]);
  });
});

describe('buildHashManifest', () => {
  it('hashes inline blocks of HTML files and whole script and style files, per file and in total', () => {
    const manifest = buildHashManifest([
      { path: 'views/home.html', content: PAGE },
      { path: 'public/app.js', content: new TextEncoder().encode('console.log(1)\n') },
      { path: 'public/site.css', content: 'p{margin:0}' },
    ]);
    expect(manifest.files['views/home.html']).toEqual({
      'script-src': [
        sha256("import { start } from '/app.js'; start();"),
        sha256('window.dataLayer = [];'),
      ].sort(),
      'style-src': [sha256('\n  body { font-family: system-ui; }\n')],
    });
    expect(manifest.files['public/app.js']).toEqual({
      'script-src': [sha256('console.log(1)\n')],
      'style-src': [],
    });
    expect(manifest.hashes['script-src']).toHaveLength(3);
    expect(manifest.hashes['style-src']).toContain(sha256('p{margin:0}'));
  });

  it('refuses files it cannot read as HTML, script or style', () => {
    expect(() => buildHashManifest([{ path: 'logo.png', content: new Uint8Array([1]) }])).toThrow(
      /Cannot hash logo\.png/,
    );
  });

  it('reads back a manifest it wrote and rejects one with unquoted hashes', () => {
    const manifest = buildHashManifest([{ path: 'a.html', content: '<script>go()</script>' }]);
    expect(readHashManifest(JSON.parse(JSON.stringify(manifest)))).toEqual(manifest);
    expect(() =>
      readHashManifest({ algorithm: 'sha256', hashes: { 'script-src': ['sha256-abc='] } }),
    ).toThrow(/hashes\.script-src must be a list of quoted hash sources/);
  });
});
