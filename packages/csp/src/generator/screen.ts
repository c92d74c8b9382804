// Sets aside the reports a generated policy must not follow: reports from pages the site does not serve (a
// translation proxy's copy, a page saved to disk, another origin), violations caused by a browser extension's
// own script, and sources seen too rarely to be the site's own (a one-off host an ISP or an extension injected).

import type { IgnoredReport } from './allowlist.ts';
import { EXTENSION_SCHEMES, originOf } from './collapse.ts';
import type { Observation } from './observation.ts';

/**
 * How much evidence a source needs before the generator adds it: at least `minReports` reports, seen on at
 * least `minPages` distinct pages or on `minDays` distinct days (days need `receivedAt` on the observations).
 *
 * @example
 * const evidence: Evidence = { minReports: 3, minPages: 2, minDays: 2 };
 */
export interface Evidence {
  minReports: number;
  minPages: number;
  minDays: number;
}

/**
 * The default evidence: two reports, from two pages or on two days. A single report proves nothing: one
 * visitor's extension or ISP can inject a host into one page once.
 *
 * @example
 * generatePolicy(observations, { ...DEFAULT_EVIDENCE, minReports: 5 });
 */
export const DEFAULT_EVIDENCE: Readonly<Evidence> = Object.freeze({ minReports: 2, minPages: 2, minDays: 2 });

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function schemeOf(url: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase();
}

/** Why a report does not describe the site's own page, or undefined when it does. */
function foreignPage(documentURL: string, pageOrigin: string): string | undefined {
  if (schemeOf(documentURL) === 'file') {
    return 'the page was opened from a file (file:///), not served by the site';
  }
  const host = hostOf(documentURL);
  if (host !== undefined && (host.endsWith('.translate.goog') || host === 'translate.goog')) {
    return "the page was a translation proxy's copy (*.translate.goog), not the site";
  }
  const origin = originOf(documentURL);
  if (origin === pageOrigin) return undefined;
  return origin === undefined
    ? `the page "${documentURL.slice(0, 80)}" has no origin, so it is not one the site serves`
    : `the page was on ${origin}, not on ${pageOrigin}: a copy of the page elsewhere, or another site`;
}

function extensionSource(sourceFile: string | undefined): boolean {
  const scheme = sourceFile === undefined ? undefined : schemeOf(sourceFile);
  return scheme !== undefined && EXTENSION_SCHEMES.includes(scheme);
}

/**
 * Splits observations into those that describe the site and those set aside, with the reason for each.
 *
 * @example
 * const { kept, ignored } = screenObservations(observations, 'https://shop.example.com');
 * ignored[0]; // { blockedUri: 'https://ads.example.net/a.js', reason: "the page was a translation proxy's copy …", count: 1 }
 */
export function screenObservations(
  observations: readonly Observation[],
  pageOrigin: string | undefined,
): { kept: Observation[]; ignored: IgnoredReport[] } {
  const kept: Observation[] = [];
  const ignored = new IgnoredTally();
  for (const o of observations) {
    const foreign = pageOrigin === undefined ? undefined : foreignPage(o.documentURL, pageOrigin);
    if (foreign !== undefined) ignored.add(o.blockedURL, foreign);
    else if (extensionSource(o.sourceFile))
      ignored.add(o.blockedURL, "a browser extension's own script caused it; the site does not need it");
    else kept.push(o);
  }
  return { kept, ignored: ignored.list() };
}

/**
 * Counts set-aside reports by blocked URL and reason.
 *
 * @example
 * const tally = new IgnoredTally(); tally.add('chrome-extension://abc/x.js', 'an extension'); tally.list()[0]?.count; // 1
 */
export class IgnoredTally {
  private readonly entries = new Map<string, IgnoredReport>();

  add(blockedUri: string, reason: string, count = 1): void {
    const key = `${reason}\u0000${blockedUri}`;
    const entry = this.entries.get(key) ?? { blockedUri, reason, count: 0 };
    entry.count += count;
    this.entries.set(key, entry);
  }

  list(): IgnoredReport[] {
    return [...this.entries.values()];
  }
}

/**
 * Where and when a source was seen, to weigh the evidence for it.
 *
 * @example
 * const seen = new Sightings(); seen.add({ documentURL: 'https://shop.example.com/a', … }); seen.enough(DEFAULT_EVIDENCE);
 */
export class Sightings {
  count = 0;
  private readonly pages = new Set<string>();
  private readonly days = new Set<string>();

  add(observation: Observation): void {
    this.count += 1;
    const page = observation.documentURL.split(/[?#]/)[0] ?? observation.documentURL;
    this.pages.add(page);
    const day = observation.receivedAt?.slice(0, 10);
    if (day !== undefined && day.length === 10) this.days.add(day);
  }

  enough(evidence: Evidence): boolean {
    return (
      this.count >= evidence.minReports &&
      (this.pages.size >= evidence.minPages || this.days.size >= evidence.minDays)
    );
  }

  /** Why the evidence is not enough, in words. */
  shortfall(evidence: Evidence): string {
    const reports = `${this.count} report${this.count === 1 ? '' : 's'}`;
    const pages = `${this.pages.size} page${this.pages.size === 1 ? '' : 's'}`;
    const days = this.days.size === 0 ? '' : ` over ${this.days.size} day${this.days.size === 1 ? '' : 's'}`;
    return `only ${reports} from ${pages}${days}; a source needs ${evidence.minReports} reports from ${evidence.minPages} pages or on ${evidence.minDays} days (a one-off such as a host an ISP or an extension injected). Lower minReports/minPages to accept it.`;
  }
}
