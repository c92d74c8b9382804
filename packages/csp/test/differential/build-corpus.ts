// Builds corpus/policies.json: the hand-written policies plus generated ones that combine real vendors' CSP
// requirements with the policy styles and mistakes seen on real sites. Deterministic (seeded), so the committed
// corpus can be rebuilt byte for byte: node packages/csp/test/differential/build-corpus.ts

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { HANDWRITTEN } from './corpus-handwritten.ts';
import { VENDORS } from './corpus-vendors.ts';

/** mulberry32: a tiny seeded generator, so the corpus never changes by accident. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(20240917);
const chance = (p: number): boolean => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pickSome = <T>(items: readonly T[], max: number): T[] =>
  items.filter(() => chance(max / items.length)).slice(0, max);

const SITES = [
  'acme-outdoors.com',
  'bluefinbank.co.uk',
  'news-daily.de',
  'petsupply-store.com',
  'learnwithlena.io',
  'fjordtravel.no',
  'citycouncil-portal.gov.example',
  'grocer-express.fr',
  'quantumdocs.dev',
  'hotel-alpina.ch',
];
const REPORT_ENDPOINTS = [
  'https://vigie.example.com/api/3/security/?sentry_key=8c1f0e',
  'https://o450123.ingest.sentry.io/api/5512345/security/?sentry_key=a1b2c3d4',
  'https://csp.report-uri.example/r/d/csp/enforce',
  '/csp-report',
];

function nonce(length: number): string {
  return createHash('sha256').update(String(random())).digest('base64').replace(/=+$/, '').slice(0, length);
}
function hash(): string {
  return `'sha256-${createHash('sha256').update(String(random())).digest('base64')}'`;
}

type Draft = Map<string, string[]>;
function add(draft: Draft, name: string, ...values: string[]): void {
  const list = draft.get(name) ?? [];
  for (const v of values) if (!list.includes(v)) list.push(v);
  draft.set(name, list);
}

function addVendors(draft: Draft, vendors: readonly string[]): void {
  for (const vendor of vendors) {
    for (const [name, values] of Object.entries(VENDORS[vendor] ?? {})) {
      if (draft.has(name) || name === 'script-src' || chance(0.7)) add(draft, name, ...values);
    }
  }
}

function legacy(site: string): Draft {
  const d: Draft = new Map();
  add(d, 'default-src', "'self'");
  add(d, 'script-src', "'self'");
  if (chance(0.6)) add(d, 'script-src', "'unsafe-inline'");
  if (chance(0.4)) add(d, 'script-src', "'unsafe-eval'");
  if (chance(0.3)) add(d, 'script-src', `https://static.${site}`);
  add(d, 'style-src', "'self'", "'unsafe-inline'");
  add(d, 'img-src', "'self'", 'data:');
  if (chance(0.3)) add(d, 'img-src', 'https:');
  add(d, 'font-src', "'self'");
  add(d, 'connect-src', "'self'", `https://api.${site}`);
  addVendors(d, pickSome(Object.keys(VENDORS), 4));
  return d;
}

function strictNonce(): Draft {
  const d: Draft = new Map();
  add(d, 'script-src', `'nonce-${nonce(pick([22, 24, 32]))}'`, "'strict-dynamic'");
  if (chance(0.6)) add(d, 'script-src', 'https:', ...(chance(0.5) ? ['http:'] : []));
  if (chance(0.6)) add(d, 'script-src', "'unsafe-inline'");
  if (chance(0.3)) add(d, 'script-src', "'report-sample'");
  if (chance(0.15)) add(d, 'script-src', "'unsafe-eval'");
  add(d, 'object-src', "'none'");
  if (chance(0.75)) add(d, 'base-uri', pick(["'none'", "'self'"]));
  if (chance(0.25)) add(d, 'require-trusted-types-for', "'script'");
  return d;
}

function nonceAllowlist(site: string): Draft {
  const d: Draft = new Map();
  const value = `'nonce-${nonce(pick([16, 22, 24]))}'`;
  add(d, 'default-src', "'self'");
  add(d, 'script-src', "'self'", value);
  addVendors(
    d,
    pickSome(['gtm', 'stripe', 'sentry', 'intercom', 'hotjar', 'recaptcha', 'cookiebot', 'onetrust'], 3),
  );
  add(d, 'style-src', "'self'", chance(0.5) ? value : "'unsafe-inline'");
  add(d, 'img-src', "'self'", 'data:', `https://images.${site}`);
  if (chance(0.7)) add(d, 'object-src', "'none'");
  if (chance(0.6)) add(d, 'base-uri', "'self'");
  return d;
}

function hashBased(): Draft {
  const d: Draft = new Map();
  add(d, 'script-src', hash(), hash());
  if (chance(0.5)) add(d, 'script-src', "'strict-dynamic'");
  if (chance(0.4)) add(d, 'script-src', "'unsafe-inline'", 'https:');
  add(d, 'object-src', "'none'");
  if (chance(0.6)) add(d, 'base-uri', "'none'");
  return d;
}

function spa(site: string): Draft {
  const d: Draft = new Map();
  add(d, 'default-src', "'none'");
  add(d, 'script-src', "'self'");
  add(d, 'connect-src', "'self'", `https://api.${site}`, `wss://realtime.${site}`);
  add(d, 'img-src', "'self'", 'data:', 'blob:');
  add(d, 'style-src', "'self'");
  add(d, 'font-src', "'self'");
  add(d, 'manifest-src', "'self'");
  addVendors(d, pickSome(['sentry', 'datadog', 'segment', 'mixpanel', 'fonts', 'algolia', 'firebase'], 2));
  add(d, 'base-uri', "'self'");
  add(d, 'form-action', "'self'");
  return d;
}

function permissive(): Draft {
  const d: Draft = new Map();
  const style = pick(['https', 'star', 'upgrade']);
  if (style === 'https')
    add(d, 'default-src', 'https:', 'data:', 'blob:', "'unsafe-inline'", "'unsafe-eval'");
  if (style === 'star') add(d, 'default-src', '*', "'unsafe-inline'", "'unsafe-eval'", 'data:', 'blob:');
  if (style === 'upgrade') add(d, 'upgrade-insecure-requests');
  return d;
}

const MISTAKES: ReadonlyArray<(d: Draft, text: string) => string> = [
  (_d, t) => t.replace("script-src 'self'", 'script-src self'),
  (_d, t) => t.replace("'unsafe-inline'", "'unsafe-inlne'"),
  (_d, t) => t.replace(/; (img-src|connect-src|object-src)/, ' $1'),
  (_d, t) => t.replace(/(script-src [^;]*?) (https:\/\/)/, '$1, $2'),
  (_d, t) => `${t}; script-src 'self' https://cdn.${pick(SITES)}`,
  (_d, t) => t.replace('img-src', 'img-src:'),
  (_d, t) => t.replace('frame-src', 'frame-scr').replace('connect-src', 'conect-src'),
  (_d, t) => `${t}; img-src 'self' http://img.${pick(SITES)}`,
  (_d, t) =>
    `${t}; connect-src 'self' http://localhost:${pick(['3000', '8080', '5173'])} ws://localhost:35729`,
  (_d, t) => `${t}; connect-src 'self' https://192.168.${Math.floor(random() * 255)}.12:8443`,
  (_d, t) =>
    `${t}; ${pick(['block-all-mixed-content', 'plugin-types application/pdf', 'referrer origin-when-cross-origin', 'reflected-xss block', "prefetch-src 'self'"])}`,
  (_d, t) => t.replace(/'nonce-[^']+'/, `'nonce-${nonce(6)}'`),
  (_d, t) => t.replace(/'nonce-[^']+'/, "'nonce-<%= nonce %>'"),
  (_d, t) => t.replace("object-src 'none'", "object-src 'none' 'self'"),
];

function reporting(text: string): string {
  switch (pick(['none', 'none', 'uri', 'uri', 'to', 'both', 'http'])) {
    case 'uri':
      return `${text}; report-uri ${pick(REPORT_ENDPOINTS)}`;
    case 'to':
      return `${text}; report-to csp-endpoint`;
    case 'both':
      return `${text}; report-uri ${pick(REPORT_ENDPOINTS)}; report-to ${pick(['csp-endpoint', 'default', 'vigie'])}`;
    case 'http':
      return `${text}; report-uri http://csp-collector.${pick(SITES)}/report`;
    default:
      return text;
  }
}

function generate(index: number): string {
  const site = pick(SITES);
  const builders = [legacy, strictNonce, nonceAllowlist, hashBased, spa, permissive, legacy, nonceAllowlist];
  const draft = builders[index % builders.length]!(site);
  if (chance(0.4)) add(draft, 'frame-ancestors', pick(["'self'", "'none'", `'self' https://*.${site}`]));
  if (chance(0.3)) add(draft, 'upgrade-insecure-requests');
  let text = [...draft].map(([name, values]) => [name, ...values].join(' ')).join('; ');
  if (chance(0.3)) text = pick(MISTAKES)(draft, text);
  return reporting(text);
}

const generated = Array.from({ length: 170 }, (_, i) => generate(i));
const corpus = [...HANDWRITTEN, ...generated].map((policy, i) => ({
  id: `p${String(i + 1).padStart(3, '0')}`,
  origin: i < HANDWRITTEN.length ? 'handwritten' : 'generated',
  policy,
}));
const target = new URL('./corpus/policies.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(corpus, null, 1)}\n`);
console.log(`wrote ${corpus.length} policies to ${target.pathname}`);
