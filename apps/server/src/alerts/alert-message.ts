// The message of an alert, from what fired it: the outbox row's payload, the issue's facts, the rule. Pure.

import type { AlertMessage, MessageKind } from './channels/channel.ts';
import { violationGroupOf } from './csp-hook.ts';
import type { IssueFacts } from './issue-facts.repository.ts';
import type { ConditionKind } from './rule.ts';
import { type Decision, explainDecision } from './spike-detector.ts';

export interface MessageInput {
  kind: MessageKind;
  condition: ConditionKind | 'test';
  dedupKey: string;
  projectId: number;
  projectName: string;
  ruleName: string | null;
  issue: IssueFacts | undefined;
  payload: Record<string, unknown>;
  publicUrl: string;
  atMs: number;
}

export const issueUrl = (publicUrl: string, issueId: number) => `${publicUrl}/issues/${issueId}`;
export const projectIssuesUrl = (publicUrl: string, projectId: number) =>
  `${publicUrl}/projects/${projectId}/issues`;

function decisionOf(payload: Record<string, unknown>): Decision | undefined {
  const decision = payload.decision as Decision | undefined;
  return decision && Array.isArray(decision.windows) ? decision : undefined;
}

/** Why, in words: what happened and the numbers behind it. */
function whyOf(input: MessageInput): string {
  const { payload } = input;
  const decision = decisionOf(payload);
  if (input.kind === 'resolve' && !decision) return 'The issue was resolved in Vigie.';
  switch (input.condition) {
    case 'new_issue':
      return `A new issue${payload.release ? `, first seen in release ${String(payload.release)}` : ''}.`;
    case 'regression':
      return `A resolved issue came back${typeof payload.detail === 'string' && payload.detail ? `: ${payload.detail}` : ''}.`;
    case 'escalation':
    case 'project_spike':
      if (!decision) return 'The event rate is well above its baseline.';
      return input.kind === 'resolve'
        ? `The spike is over: ${explainDecision(decision)}.`
        : `The event rate spiked: ${explainDecision(decision)}.`;
    case 'event_count':
      return `${String(payload.observed)} ${String(payload.metric)} in the last ${String(payload.windowMinutes)} minutes (threshold ${String(payload.threshold)}).`;
    case 'csp_new_group': {
      const group = violationGroupOf(payload);
      if (!group) return 'A new group of CSP violations under the enforced policy.';
      return (
        `Browsers blocked ${group.blocked} (${group.directive}) on ${group.pagePattern} under the enforced ` +
        `policy${group.policyVersion !== null ? ` (version ${group.policyVersion})` : ''}, for the first ` +
        'time: either the policy broke something or someone is attacking.'
      );
    }
    case 'test':
      return 'A test alert sent from Vigie: if you read this, the channel works.';
  }
}

function titleOf(input: MessageInput): string {
  if (input.issue) return input.issue.title;
  switch (input.condition) {
    case 'project_spike':
      return `Events spike in ${input.projectName}`;
    case 'event_count':
      return `Event volume in ${input.projectName}`;
    case 'csp_new_group': {
      const group = violationGroupOf(input.payload);
      return group
        ? `New CSP violation in ${input.projectName}: ${group.directive} blocked ${group.blocked}`
        : `New CSP violation in ${input.projectName}`;
    }
    case 'test':
      return `Test alert from ${input.projectName}`;
    default:
      return `Alert in ${input.projectName}`;
  }
}

export function buildMessage(input: MessageInput): AlertMessage {
  const { issue } = input;
  const decision = decisionOf(input.payload);
  return {
    kind: input.kind,
    dedupKey: input.dedupKey,
    title: titleOf(input),
    projectName: input.projectName,
    ruleName: input.ruleName,
    why: whyOf(input),
    level: issue?.level ?? null,
    culprit: issue?.culprit ?? null,
    environment: issue?.environment ?? null,
    release: issue?.release ?? null,
    counts: issue ? { events: issue.events, users: issue.users } : null,
    url: issue
      ? issueUrl(input.publicUrl, issue.id)
      : input.condition === 'csp_new_group'
        ? `${input.publicUrl}/projects/${input.projectId}/csp`
        : projectIssuesUrl(input.publicUrl, input.projectId),
    details: decision
      ? { decision }
      : input.condition === 'csp_new_group'
        ? { ...(violationGroupOf(input.payload) ?? {}) }
        : input.condition === 'event_count'
          ? {
              observed: input.payload.observed,
              threshold: input.payload.threshold,
              windowMinutes: input.payload.windowMinutes,
            }
          : {},
    occurredAt: new Date(input.atMs).toISOString(),
  };
}

/** One message for many alerts of a rule to one channel that fired together. */
export function buildDigest(
  messages: readonly AlertMessage[],
  input: { projectName: string; projectUrl: string; atMs: number; dedupKey: string },
): AlertMessage {
  return {
    kind: 'digest',
    dedupKey: input.dedupKey,
    title: `${messages.length} alerts in ${input.projectName}`,
    projectName: input.projectName,
    ruleName: null,
    why: `${messages.length} alerts fired together; one message instead of ${messages.length}.`,
    level: null,
    culprit: null,
    environment: null,
    release: null,
    counts: null,
    url: input.projectUrl,
    details: {},
    items: messages.map((m) => ({ title: m.title, url: m.url, why: m.why })),
    occurredAt: new Date(input.atMs).toISOString(),
  };
}
