// A rule in words: when it fires, on what, where it goes and how often at most. Pure.

import { CONDITION_LABELS, type Rule } from './alerts-queries.ts';

/** "On a new issue or a regression, in production, to #errors; at most once an hour per issue." */
export function describeRule(rule: Rule, channelName: (id: number) => string): string {
  const when = rule.conditions
    .map((c) =>
      c.kind === 'event_count'
        ? `${c.scope === 'project' ? 'the project' : 'an issue'} passing ${c.threshold} ${c.metric} in ${c.windowMinutes} min`
        : (CONDITION_LABELS[c.kind] ?? c.kind),
    )
    .join(' or ');
  const filters = [
    ...(rule.filters.environments?.length ? [`in ${rule.filters.environments.join(', ')}`] : []),
    ...(rule.filters.levels?.length ? [`level ${rule.filters.levels.join(', ')}`] : []),
    ...(rule.filters.releases?.length ? [`release ${rule.filters.releases.join(', ')}`] : []),
    ...(rule.filters.tags ?? []).map((t) => `${t.key}=${t.value}`),
    ...(rule.filters.query ? [`matching “${rule.filters.query}”`] : []),
  ];
  const to = rule.actions
    .map((a) => ('channelId' in a ? channelName(a.channelId) : `every ${a.channelKind} channel`))
    .join(', ');
  const cooldown =
    rule.cooldownMinutes > 0 ? `; at most once every ${rule.cooldownMinutes} min per issue` : '';
  return `On ${when}${filters.length ? `, ${filters.join(', ')}` : ''}, to ${to}${cooldown}.`;
}
