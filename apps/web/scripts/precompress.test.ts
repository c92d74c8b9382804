import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress.ts';

describe('precompressDirectory', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes brotli and gzip copies of text assets that decompress to the original, and skips the rest', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigie-precompress-'));
    const script = `export const rows = [${'{"title": "TypeError", "count": 12},'.repeat(400)}];\n`;
    writeFileSync(path.join(dir, 'index-abc.js'), script);
    writeFileSync(path.join(dir, 'index-abc.css'), `.row { color: red }\n`.repeat(200));
    writeFileSync(path.join(dir, 'tiny-abc.js'), 'export {}');
    writeFileSync(path.join(dir, 'logo-abc.png'), Buffer.alloc(4096, 7));

    expect(precompressDirectory(dir).sort()).toEqual(['index-abc.css', 'index-abc.js']);
    expect(readdirSync(dir).sort()).toEqual([
      'index-abc.css',
      'index-abc.css.br',
      'index-abc.css.gz',
      'index-abc.js',
      'index-abc.js.br',
      'index-abc.js.gz',
      'logo-abc.png',
      'tiny-abc.js',
    ]);
    expect(brotliDecompressSync(readFileSync(path.join(dir, 'index-abc.js.br'))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(path.join(dir, 'index-abc.js.gz'))).toString()).toBe(script);
    expect(readFileSync(path.join(dir, 'index-abc.js.br')).length).toBeLessThan(script.length / 10);
  });
});
