// npm run bench:csp — how long @vigie/csp takes to read oversized policies (the inputs an attacker controls in
// a violation report's original-policy), against a baseline measured in the same run: splitting the same text
// on ";" and whitespace, the least any CSP parser must do. A linear parser keeps the ratio flat as inputs grow.

import { performance } from 'node:perf_hooks';
import { parsePolicy, wouldAllow } from '../src/index.ts';

const options = { maxLength: Number.POSITIVE_INFINITY };

function manyDirectives(count: number): string {
  return Array.from({ length: count }, (_, i) => `x-directive-${i} 'self' https://cdn${i}.example.com`).join(
    '; ',
  );
}

function manyHosts(bytes: number): string {
  const hosts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i += 1) {
    const host = `https://static-${i}.cdn.example.com/assets/`;
    hosts.push(host);
    length += host.length + 1;
  }
  return `default-src 'self'; script-src 'self' ${hosts.join(' ')}; img-src 'self' data:; report-uri /csp`;
}

function baseline(text: string): number {
  let words = 0;
  for (const part of text.split(';')) words += part.split(/[\t\n\f\r ]+/).length;
  return words;
}

function time(run: () => unknown, rounds: number): number {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rounds = Number(process.argv[2] ?? 3);
const rows: string[][] = [];
for (const [label, text, run] of [
  ['5,000 directives: parsePolicy', manyDirectives(5_000), (t: string) => parsePolicy(t, options)],
  ['50,000 directives: parsePolicy', manyDirectives(50_000), (t: string) => parsePolicy(t, options)],
  [
    '427 KB original-policy (8,000 directives): wouldAllow',
    manyDirectives(8_000).slice(0, 427_000),
    (t: string) =>
      wouldAllow(parsePolicy(t, options).policy, {
        effectiveDirective: 'script-src-elem',
        blockedURL: 'https://evil.example.net/x.js',
        documentURL: 'https://shop.example.com/',
      }),
  ],
  [
    '427 KB original-policy (one long script-src): wouldAllow',
    manyHosts(427_000),
    (t: string) =>
      wouldAllow(parsePolicy(t, options).policy, {
        effectiveDirective: 'script-src-elem',
        blockedURL: 'https://evil.example.net/x.js',
        documentURL: 'https://shop.example.com/',
      }),
  ],
] as const) {
  const ms = time(() => run(text), rounds);
  const base = time(() => baseline(text), rounds);
  rows.push([
    label,
    `${(text.length / 1024).toFixed(0)} KiB`,
    `${ms.toFixed(1)} ms`,
    `${base.toFixed(2)} ms`,
    `${(ms / base).toFixed(1)}×`,
  ]);
}
console.log('| input | size | @vigie/csp | baseline (split) | ratio |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
