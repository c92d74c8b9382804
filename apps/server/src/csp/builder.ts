// The policy builder's core: the next policy proposed from the last days' reports with @vigie/csp's
// generators, each source with its evidence (reports, pages, browsers, first seen) and the team's decision;
// the evaluator's findings on a draft; and the replay of stored reports against a draft ("what would this
// policy have blocked?"). Pure: reports and decisions in, data out.

import {
  addSources,
  collapseBlockedUri,
  type Decision,
  evaluatePolicy,
  type Finding,
  generalDirective,
  generatePolicy,
  generateStrictPolicy,
  getDirective,
  isAllowed,
  NONCE_PLACEHOLDER,
  type Observation,
  type Policy,
  parsePolicy,
  SAMPLE_LIMIT,
  SEVERITY_ORDER,
  serializePolicy,
  toPolicy,
  wouldAllow,
} from '@vigie/csp';
import { groupKeyOf } from './group-key.ts';
import type { DecisionRow, SourceDecision } from './policies.repository.ts';
import { DAY_MS, type StoredReport } from './reports.repository.ts';

export type BuilderMode = 'allowlist' | 'strict';

export interface Evidence {
  reports: number;
  /** Distinct page path patterns, most reported first (at most 10). */
  pages: string[];
  pageCount: number;
  browsers: string[];
  days: number;
  firstSeen: number;
  lastSeen: number;
}

export type SourceStatus = 'proposed' | 'weak' | SourceDecision;

export interface ProposedSource {
  directive: string;
  source: string;
  status: SourceStatus;
  /** Why a source is held back (`weak`), in words. */
  reason: string | null;
  evidence: Evidence;
}

export interface Proposal {
  mode: BuilderMode;
  policy: string;
  base: string;
  sources: ProposedSource[];
  decisions: Decision[];
  notes: string[];
  pageOrigin: string | null;
  reports: number;
}

/**
 * How much evidence a source needs before it is proposed: two reports, and more than one page, day or
 * browser (or five reports). One report from one page is what an ISP's injected script or a visitor's
 * proxy looks like; a source the site needs shows up again.
 */
export const MIN_REPORTS = 2;
const STRONG_REPORTS = 5;

const sampleNonce = "'nonce-cGxhY2Vob2xkZXJOb25jZTEy'";

/** The policy text with the middleware's `'nonce-{nonce}'` placeholder filled, for parsing and replay. */
export function withSampleNonce(policy: string): string {
  return policy.replaceAll(NONCE_PLACEHOLDER, sampleNonce);
}

export function observationOf(report: StoredReport): Observation {
  const observation: Observation = {
    effectiveDirective: report.effectiveDirective,
    blockedURL: report.blockedUrl,
    documentURL: report.documentUrl,
    disposition: report.disposition === 'enforce' ? 'enforce' : 'report',
    receivedAt: new Date(report.firstSeen).toISOString(),
  };
  if (report.sample !== null) observation.sample = report.sample;
  if (report.sourceFile !== null) observation.sourceFile = report.sourceFile;
  return observation;
}

/** The directive and source a report asks for, as the allowlist generator tallies it. */
function sourceKeyOf(report: StoredReport, base: Policy, pageOrigin: string | undefined): string | undefined {
  const collapsed = collapseBlockedUri(report.blockedUrl, pageOrigin);
  if (collapsed.kind !== 'source') return undefined;
  const directive = getDirective(base, report.effectiveDirective)
    ? report.effectiveDirective
    : generalDirective(report.effectiveDirective);
  return `${directive} ${collapsed.source}`;
}

function evidenceOf(reports: readonly StoredReport[]): Evidence {
  const pages = new Map<string, number>();
  const browsers = new Set<string>();
  const days = new Set<number>();
  let count = 0;
  let firstSeen = Number.POSITIVE_INFINITY;
  let lastSeen = 0;
  for (const r of reports) {
    count += r.count;
    const pattern = groupKeyOf(r).pagePattern;
    pages.set(pattern, (pages.get(pattern) ?? 0) + r.count);
    if (r.browser !== null) browsers.add(r.browser);
    days.add(r.day);
    firstSeen = Math.min(firstSeen, r.firstSeen);
    lastSeen = Math.max(lastSeen, r.lastSeen);
  }
  return {
    reports: count,
    pages: [...pages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([page]) => page),
    pageCount: pages.size,
    browsers: [...browsers].sort(),
    days: days.size,
    firstSeen: Number.isFinite(firstSeen) ? firstSeen : 0,
    lastSeen,
  };
}

function weakness(source: string, evidence: Evidence, pageOrigin: string | undefined): string | null {
  if (source.startsWith('http:') && pageOrigin?.startsWith('https:')) {
    return 'An http:// source on an https:// site: browsers block it as mixed content, and injected hosts look like this.';
  }
  if (evidence.reports < MIN_REPORTS) {
    return `Reported ${evidence.reports} time; a source the site needs is reported again (from more pages, days or browsers).`;
  }
  const spread = evidence.pageCount > 1 || evidence.days > 1 || evidence.browsers.length > 1;
  if (!spread && evidence.reports < STRONG_REPORTS) {
    return `Reported ${evidence.reports} times from one page, on one day, by one browser: wait for more evidence or accept it by hand.`;
  }
  return null;
}

/** The next policy from the reports, sources with evidence and the team's decisions applied. */
export function buildProposal(
  reports: readonly StoredReport[],
  options: {
    mode: BuilderMode;
    base: string;
    decisions: readonly DecisionRow[];
    backwardCompatible?: boolean;
  },
): Proposal {
  const observations = reports.map(observationOf);
  const basePolicy = toPolicy(withSampleNonce(options.base));
  if (options.mode === 'strict') return strictProposal(observations, reports, options);
  // The generator sees one observation per distinct stored report, whose count it cannot know: it proposes
  // every candidate, and the evidence rule below (on real counts) holds back the weak ones.
  const allowInScripts = options.decisions
    .filter((d) => d.decision === 'accepted' && (d.source.endsWith(':') || d.source === '*'))
    .map((d) => d.source);
  const generated = generatePolicy(observations, {
    base: basePolicy,
    minReports: 1,
    minPages: 1,
    minDays: 1,
    allowInScripts,
  });
  const pageOrigin = generated.pageOrigin;
  const bySource = new Map<string, StoredReport[]>();
  for (const r of reports) {
    const key = sourceKeyOf(r, basePolicy, pageOrigin);
    if (key === undefined) continue;
    const list = bySource.get(key) ?? [];
    list.push(r);
    bySource.set(key, list);
  }
  const decided = new Map(options.decisions.map((d) => [`${d.directive} ${d.source}`, d.decision]));
  const sources: ProposedSource[] = generated.sources.map((use) => {
    const key = `${use.directive} ${use.source}`;
    const evidence = evidenceOf(bySource.get(key) ?? []);
    const decision = decided.get(key);
    const weak = weakness(use.source, evidence, pageOrigin);
    const status: SourceStatus = decision ?? (weak === null ? 'proposed' : 'weak');
    return { directive: use.directive, source: use.source, status, reason: weak, evidence };
  });
  let policy = basePolicy;
  for (const s of sources) {
    if (s.status === 'proposed' || s.status === 'accepted')
      policy = addSources(policy, s.directive, [s.source]);
  }
  return {
    mode: 'allowlist',
    policy: serializePolicy(policy).replaceAll(sampleNonce, NONCE_PLACEHOLDER),
    base: options.base,
    sources: sources.sort(
      (a, b) => b.evidence.reports - a.evidence.reports || a.source.localeCompare(b.source),
    ),
    decisions: generated.decisions,
    notes: generated.notes,
    pageOrigin: pageOrigin ?? null,
    reports: reports.reduce((sum, r) => sum + r.count, 0),
  };
}

function strictProposal(
  observations: Observation[],
  reports: readonly StoredReport[],
  options: { base: string; backwardCompatible?: boolean },
): Proposal {
  const generated = generateStrictPolicy(observations, {
    base: toPolicy(withSampleNonce(options.base)),
    ...(options.backwardCompatible === undefined ? {} : { backwardCompatible: options.backwardCompatible }),
  });
  return {
    mode: 'strict',
    policy: serializePolicy(generated.policy).replaceAll(sampleNonce, NONCE_PLACEHOLDER),
    base: options.base,
    sources: [],
    decisions: generated.decisions,
    notes: generated.notes,
    pageOrigin: generated.pageOrigin ?? null,
    reports: reports.reduce((sum, r) => sum + r.count, 0),
  };
}

export interface BlockedGroup {
  directive: string;
  blocked: string;
  page: string;
  reports: number;
  examples: string[];
  lastSeen: number;
}

export interface Replay {
  days: number;
  replayed: number;
  blocked: number;
  groups: BlockedGroup[];
}

/** Replays the stored reports against a draft: what it would have blocked, by page and source. */
export function replayReports(draft: string, reports: readonly StoredReport[], days: number): Replay {
  const policy = parsePolicy(withSampleNonce(draft)).policy;
  const groups = new Map<string, BlockedGroup>();
  let replayed = 0;
  let blocked = 0;
  for (const r of reports) {
    replayed += r.count;
    let allowed: boolean;
    try {
      allowed = replayAllows(policy, r);
    } catch {
      allowed = false;
    }
    if (allowed) continue;
    blocked += r.count;
    const key = groupKeyOf(r);
    const entry = groups.get(key.key) ?? {
      directive: key.directive,
      blocked: key.blocked,
      page: key.pagePattern,
      reports: 0,
      examples: [],
      lastSeen: 0,
    };
    entry.reports += r.count;
    entry.lastSeen = Math.max(entry.lastSeen, r.lastSeen);
    if (entry.examples.length < 3 && !entry.examples.includes(r.documentUrl))
      entry.examples.push(r.documentUrl);
    groups.set(key.key, entry);
  }
  return {
    days,
    replayed,
    blocked,
    groups: [...groups.values()].sort((a, b) => b.reports - a.reports || a.page.localeCompare(b.page)),
  };
}

/**
 * Whether the policy allows a stored report's resource. An inline block whose sample is complete (shorter
 * than the browser's cut-off) is its whole text, so a hash in the draft can be checked against it.
 */
function replayAllows(policy: Policy, r: StoredReport): boolean {
  if (r.blockedUrl === 'inline' && r.sample !== null && r.sample.length < SAMPLE_LIMIT) {
    return isAllowed(
      policy,
      r.effectiveDirective,
      { kind: 'inline', sample: r.sample, content: r.sample },
      r.documentUrl,
    );
  }
  return wouldAllow(policy, observationOf(r));
}

/** The evaluator's findings on a draft, worst first. */
export function findingsOf(draft: string, reportingEndpoints: string | undefined): Finding[] {
  let findings: Finding[];
  try {
    findings = evaluatePolicy(
      withSampleNonce(draft),
      reportingEndpoints === undefined ? {} : { reportingEndpoints },
    );
  } catch {
    return [];
  }
  return findings.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/** Problems that make a policy unfit to publish (browsers would ignore or misread part of it). */
export function policyErrors(policy: string): string[] {
  return parsePolicy(withSampleNonce(policy))
    .problems.filter((p) => p.severity === 'error')
    .map((p) => p.message);
}

export const REPLAY_DAYS = 7;
export const replaySince = (nowMs: number, days = REPLAY_DAYS) => nowMs - days * DAY_MS;
