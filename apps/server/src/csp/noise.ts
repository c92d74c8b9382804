// The noise filter: which reports say nothing about the site's own policy, and why. Each report gets one
// reason or none; the collector counts every filtered report by reason (nothing is dropped silently) and the
// builder shows those counts. Pure, apart from a small cache of parsed policies.

import { type Policy, parsePolicy, wouldAllow } from '@vigie/csp';
import { EXTENSION_SCHEMES, hostListed, INJECTED_HOSTS, PROXY_PAGE_HOSTS } from './noise-lists.ts';
import type { CspReport } from './report-body.ts';

export const NOISE_REASONS = [
  'extension',
  'injected-host',
  'browser-internal',
  'foreign-page',
  'local-host',
  'impossible',
  'other-report-type',
  'group-limit',
] as const;
export type NoiseReason = (typeof NOISE_REASONS)[number];

/** What each reason means, in the words the dashboard shows. */
export const NOISE_REASON_TEXT: Record<NoiseReason, string> = {
  extension: 'A browser extension or in-app browser injected the resource or the code.',
  'injected-host': 'A host that adware, malware or an antivirus injects into pages.',
  'browser-internal': "The browser's own pages (about:, chromewebdata).",
  'foreign-page': "The page was not the site's: a translation proxy, a cache, a local file.",
  'local-host': 'A localhost resource on a public page: software on the visitor’s machine.',
  impossible:
    'The policy quoted in the report allows the resource: a stale policy, a browser bug or a forged report.',
  'other-report-type':
    'A Reporting API report that is not a CSP violation (deprecation, intervention, crash…).',
  'group-limit':
    'The project has as many violation groups as Vigie keeps: reports of new groups are only counted.',
};

/** Policies longer than this are not replayed: real headers are a few KiB, and replay cost grows with size. */
const MAX_REPLAYED_POLICY = 32 * 1024;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function schemeOf(value: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(value.trim())?.[1]?.toLowerCase();
}

function urlOf(value: string | null): URL | undefined {
  if (value === null || !URL.canParse(value)) return undefined;
  return new URL(value);
}

const isLocal = (host: string) =>
  LOCAL_HOSTS.has(host.toLowerCase()) || host.toLowerCase().endsWith('.localhost');

/** The reason a report is noise, or null for a violation the site's owners should see. */
export function noiseReason(report: CspReport, policies: PolicyCache = defaultCache): NoiseReason | null {
  const blocked = report.blockedUrl.trim();
  const blockedScheme = schemeOf(blocked) ?? blocked.toLowerCase();
  const sourceScheme = report.sourceFile === null ? undefined : schemeOf(report.sourceFile);
  if (
    EXTENSION_SCHEMES.has(blockedScheme) ||
    (sourceScheme !== undefined && EXTENSION_SCHEMES.has(sourceScheme))
  ) {
    return 'extension';
  }
  if (blockedScheme === 'about' || blocked.toLowerCase().startsWith('data:text/html,chromewebdata')) {
    return 'browser-internal';
  }
  const page = urlOf(report.documentUrl);
  if (page === undefined || (page.protocol !== 'https:' && page.protocol !== 'http:')) return 'foreign-page';
  if (hostListed(page.hostname, PROXY_PAGE_HOSTS)) return 'foreign-page';
  const resource = urlOf(blocked);
  if (resource !== undefined && (resource.protocol === 'https:' || resource.protocol === 'http:')) {
    if (hostListed(resource.hostname, INJECTED_HOSTS)) return 'injected-host';
    if (isLocal(resource.hostname) && !isLocal(page.hostname)) return 'local-host';
  }
  if (isImpossible(report, policies)) return 'impossible';
  return null;
}

function isImpossible(report: CspReport, policies: PolicyCache): boolean {
  const original = report.originalPolicy;
  if (original === null || original.length > MAX_REPLAYED_POLICY) return false;
  const policy = policies.get(original);
  if (policy === undefined) return false;
  try {
    return wouldAllow(policy, {
      effectiveDirective: report.effectiveDirective,
      blockedURL: report.blockedUrl,
      documentURL: report.documentUrl,
      ...(report.sample === null ? {} : { sample: report.sample }),
    });
  } catch {
    // A policy the evaluator cannot replay is no proof of anything: keep the report.
    return false;
  }
}

/** Parsed policies by their text: reports of one site quote the same few policies over and over. */
export class PolicyCache {
  readonly #parsed = new Map<string, Policy | undefined>();
  readonly #max: number;

  constructor(max = 200) {
    this.#max = max;
  }

  get(text: string): Policy | undefined {
    if (this.#parsed.has(text)) return this.#parsed.get(text);
    let policy: Policy | undefined;
    try {
      policy = parsePolicy(text).policy;
    } catch {
      policy = undefined;
    }
    if (this.#parsed.size >= this.#max) this.#parsed.clear();
    this.#parsed.set(text, policy);
    return policy;
  }
}

const defaultCache = new PolicyCache();
