// What an alert rule is: conditions (any of them fires it), filters (all must hold), actions (channels to
// notify) and a cooldown; the rules a new project starts with; and which outbox topics each condition hears.

import type { Level } from '../issues/search/ast.ts';
import { CSP_NEW_VIOLATION_GROUP } from './csp-hook.ts';

export const CHANNEL_KINDS = ['pagerduty', 'slack', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export type Condition =
  | { kind: 'new_issue' }
  | { kind: 'regression' }
  /** The issue's rate well above its own baseline (the spike detector). */
  | { kind: 'escalation' }
  /** The whole project's rate well above its baseline. */
  | { kind: 'project_spike' }
  | {
      kind: 'event_count';
      scope: 'issue' | 'project';
      metric: 'events' | 'users';
      threshold: number;
      windowMinutes: number;
    }
  /**
   * A new CSP violation group under an enforced policy: the collector calls `notifyNewViolationGroup`
   * (csp-hook.ts), which writes a `csp.new_violation_group` outbox row.
   */
  | { kind: 'csp_new_group' };

export type ConditionKind = Condition['kind'];

export interface Filters {
  levels?: Level[];
  environments?: string[];
  releases?: string[];
  tags?: { key: string; value: string }[];
  /** Any search-language query (`is:unresolved level:error checkout`), as the issue stream takes it. */
  query?: string;
}

/** A channel by id, or every channel of the project of a kind (what the default rules use). */
export type Action = { channelId: number } | { channelKind: ChannelKind };

export interface RuleDefinition {
  name: string;
  enabled: boolean;
  conditions: Condition[];
  filters: Filters;
  actions: Action[];
  cooldownMinutes: number;
}

/** What a new project starts with: page on escalation and regressions in production; Slack on new issues. */
export const DEFAULT_RULES: readonly RuleDefinition[] = [
  {
    name: 'Page on escalations and regressions in production',
    enabled: true,
    conditions: [{ kind: 'escalation' }, { kind: 'regression' }],
    filters: { environments: ['production'] },
    actions: [{ channelKind: 'pagerduty' }],
    cooldownMinutes: 60,
  },
  {
    name: 'New issues to Slack',
    enabled: true,
    conditions: [{ kind: 'new_issue' }],
    filters: {},
    actions: [{ channelKind: 'slack' }],
    cooldownMinutes: 60,
  },
];

/** How an outbox row reads to the rules: which condition it meets, and whether it opens or closes an alert. */
export type Signal =
  | { kind: 'trigger'; condition: ConditionKind; issueId: number | null }
  | { kind: 'resolve'; condition: ConditionKind | null; issueId: number | null };

/** The signal an outbox row carries, if any rule can hear it. */
export function signalOf(
  topic: string,
  issueId: number | null,
  payload: Record<string, unknown>,
): Signal | null {
  switch (topic) {
    case 'issue.created':
      return { kind: 'trigger', condition: 'new_issue', issueId };
    case 'issue.regressed':
      return { kind: 'trigger', condition: 'regression', issueId };
    case 'issue.spike':
      return { kind: 'trigger', condition: 'escalation', issueId };
    case 'issue.spike_resolved':
      return { kind: 'resolve', condition: 'escalation', issueId };
    case 'project.spike':
      return { kind: 'trigger', condition: 'project_spike', issueId: null };
    case 'project.spike_resolved':
      return { kind: 'resolve', condition: 'project_spike', issueId: null };
    case 'alert.threshold':
      return { kind: 'trigger', condition: 'event_count', issueId };
    case CSP_NEW_VIOLATION_GROUP:
      // Report-only groups are the policy builder's business; the hook writes enforced ones only.
      return payload.enforced === true
        ? { kind: 'trigger', condition: 'csp_new_group', issueId: null }
        : null;
    case 'issue.status_changed': {
      // Resolving an issue resolves every alert still open about it (PagerDuty's incident included).
      const to = payload.to as { status?: unknown } | undefined;
      return to?.status === 'resolved' ? { kind: 'resolve', condition: null, issueId } : null;
    }
    default:
      return null;
  }
}

/** Whether the rule hears this condition. */
export function ruleHears(rule: Pick<RuleDefinition, 'conditions'>, condition: ConditionKind): boolean {
  return rule.conditions.some((c) => c.kind === condition);
}

/** The key one alert keeps from trigger to resolve: PagerDuty's dedup_key (at most 255 characters). */
export function dedupKeyOf(
  projectId: number,
  ruleId: number,
  condition: ConditionKind,
  issueId: number | null,
) {
  return `vigie/project-${projectId}/rule-${ruleId}/${issueId === null ? 'project' : `issue-${issueId}`}/${condition}`;
}

/** The cooldown's subject: one notification per issue (or the project) and rule per cooldown. */
export const subjectOf = (issueId: number | null) => (issueId === null ? 'project' : `issue:${issueId}`);
