// A rule as the editor holds it (checkboxes, text fields) and as the API takes it, both ways. Pure, so
// that what a person types is checked the same way in the page and in its tests.

import type { Rule } from '../alerts/alerts-queries.ts';
import type { RuleInput } from './alert-settings-queries.ts';

export const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;
export type Level = (typeof LEVELS)[number];
export const KINDS = ['pagerduty', 'slack', 'webhook', 'email'] as const;
export type ChannelKind = (typeof KINDS)[number];

/** The conditions without settings, in the order the editor lists them, with their words. */
export const SIMPLE_CONDITIONS = [
  ['new_issue', 'A new issue'],
  ['regression', 'A regression (a resolved issue seen again)'],
  ['escalation', 'An issue spiking (its rate well above its own baseline)'],
  ['project_spike', 'The whole project spiking'],
  ['csp_new_group', 'A new CSP violation group (once the policy is enforced)'],
] as const;
export type SimpleCondition = (typeof SIMPLE_CONDITIONS)[number][0];

export interface RuleForm {
  name: string;
  enabled: boolean;
  conditions: SimpleCondition[];
  eventCount: {
    on: boolean;
    scope: 'issue' | 'project';
    metric: 'events' | 'users';
    threshold: string;
    windowMinutes: string;
  };
  levels: Level[];
  environments: string;
  releases: string;
  /** `key=value`, one per line or separated by commas. */
  tags: string;
  query: string;
  channelIds: number[];
  channelKinds: ChannelKind[];
  cooldownMinutes: string;
}

export const EMPTY_RULE: RuleForm = {
  name: '',
  enabled: true,
  conditions: ['new_issue'],
  eventCount: { on: false, scope: 'issue', metric: 'events', threshold: '100', windowMinutes: '60' },
  levels: [],
  environments: '',
  releases: '',
  tags: '',
  query: '',
  channelIds: [],
  channelKinds: [],
  cooldownMinutes: '60',
};

export function formOfRule(rule: Rule): RuleForm {
  const count = rule.conditions.find((c) => c.kind === 'event_count');
  return {
    name: rule.name,
    enabled: rule.enabled,
    conditions: rule.conditions.flatMap((c) => (c.kind === 'event_count' ? [] : [c.kind])),
    eventCount: count
      ? {
          on: true,
          scope: count.scope,
          metric: count.metric,
          threshold: String(count.threshold),
          windowMinutes: String(count.windowMinutes),
        }
      : EMPTY_RULE.eventCount,
    levels: (rule.filters.levels ?? []) as Level[],
    environments: (rule.filters.environments ?? []).join(', '),
    releases: (rule.filters.releases ?? []).join(', '),
    tags: (rule.filters.tags ?? []).map((t) => `${t.key}=${t.value}`).join(', '),
    query: rule.filters.query ?? '',
    channelIds: rule.actions.flatMap((a) => ('channelId' in a ? [a.channelId] : [])),
    channelKinds: rule.actions.flatMap((a) => ('channelKind' in a ? [a.channelKind] : [])),
    cooldownMinutes: String(rule.cooldownMinutes),
  };
}

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function wholeNumber(text: string, what: string, min: number, max: number): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    return `${what} must be a whole number from ${min} to ${max.toLocaleString('en')}.`;
  return n;
}

/** The API's body, or what is wrong with the form in words. */
export function ruleInputOf(form: RuleForm): { input: RuleInput } | { error: string } {
  if (form.name.trim() === '') return { error: 'Give the rule a name.' };
  const conditions: RuleInput['conditions'] = form.conditions.map((kind) => ({ kind }));
  if (form.eventCount.on) {
    const threshold = wholeNumber(form.eventCount.threshold, 'The count', 1, 100_000_000);
    if (typeof threshold === 'string') return { error: threshold };
    const windowMinutes = wholeNumber(form.eventCount.windowMinutes, 'The window', 1, 1440);
    if (typeof windowMinutes === 'string') return { error: windowMinutes };
    conditions.push({
      kind: 'event_count',
      scope: form.eventCount.scope,
      metric: form.eventCount.metric,
      threshold,
      windowMinutes,
    });
  }
  if (conditions.length === 0) return { error: 'Pick at least one condition: when should the rule fire?' };
  const tags: { key: string; value: string }[] = [];
  for (const pair of list(form.tags)) {
    const at = pair.indexOf('=');
    if (at < 1 || at === pair.length - 1)
      return { error: `Tags: “${pair}” is not key=value (for example browser=Chrome).` };
    tags.push({ key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() });
  }
  const actions: RuleInput['actions'] = [
    ...form.channelIds.map((channelId) => ({ channelId })),
    ...form.channelKinds.map((channelKind) => ({ channelKind })),
  ];
  if (actions.length === 0) return { error: 'Pick at least one channel to notify.' };
  const cooldownMinutes = wholeNumber(form.cooldownMinutes, 'The cooldown', 0, 10_080);
  if (typeof cooldownMinutes === 'string') return { error: cooldownMinutes };
  const environments = list(form.environments);
  const releases = list(form.releases);
  const query = form.query.trim();
  return {
    input: {
      name: form.name.trim(),
      enabled: form.enabled,
      conditions,
      filters: {
        ...(form.levels.length > 0 ? { levels: form.levels } : {}),
        ...(environments.length > 0 ? { environments } : {}),
        ...(releases.length > 0 ? { releases } : {}),
        ...(tags.length > 0 ? { tags } : {}),
        ...(query !== '' ? { query } : {}),
      },
      actions,
      cooldownMinutes,
    },
  };
}
