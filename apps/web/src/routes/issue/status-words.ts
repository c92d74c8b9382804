// An issue's status as a sentence: where it stands (resolved in which release, snoozed until what,
// regressed…) and who put it there, when. Pure, for the issue page's header.

import type { IssueDetail } from '../../api/types.ts';
import { exactTime, formatCount } from '../../ui/format.ts';

type StatusSource = Pick<
  IssueDetail,
  'status' | 'substatus' | 'resolution' | 'snooze' | 'count' | 'userCount' | 'lastStatusChange'
>;

export interface StatusWords {
  /** "Resolved in shop@2.0", "Snoozed until 100 more events", "Unresolved: regressed". */
  what: string;
  /** Who changed it last: an email, "an API token", "Vigie"; null when nobody has. */
  by: string | null;
  at: string | null;
}

const plural = (n: number, one: string) => `${formatCount(n)} ${n === 1 ? one : `${one}s`}`;

function what(issue: StatusSource): string {
  switch (issue.status) {
    case 'resolved': {
      const r = issue.resolution;
      if (r?.kind === 'inRelease' && r.release) return `Resolved in ${r.release}`;
      if (r?.kind === 'inNextRelease')
        return r.afterRelease
          ? `Resolved in the release after ${r.afterRelease}`
          : 'Resolved in the next release';
      return 'Resolved';
    }
    case 'ignored':
      return 'Ignored';
    case 'snoozed': {
      const s = issue.snooze;
      if (s?.kind === 'until' && s.until) return `Snoozed until ${exactTime(s.until)}`;
      if (s?.kind === 'events' && s.count !== undefined)
        return `Snoozed until ${plural(s.count, 'more event')} (at ${formatCount(s.baseline.eventCount + s.count)})`;
      if (s?.kind === 'users' && s.count !== undefined)
        return `Snoozed until ${plural(s.count, 'more user')} (at ${formatCount(s.baseline.userCount + s.count)})`;
      if (s?.kind === 'escalating') return 'Snoozed until it escalates';
      return 'Snoozed';
    }
    default:
      if (issue.substatus === 'new') return 'Unresolved: new';
      if (issue.substatus === 'regressed') return 'Unresolved: regressed, back after it was resolved';
      if (issue.substatus === 'escalating') return 'Unresolved: escalating, far more events than usual';
      return 'Unresolved';
  }
}

export function actorWords(actor: { type: string; email: string | null }): string {
  if (actor.email) return actor.email;
  if (actor.type === 'token') return 'an API token';
  if (actor.type === 'system') return 'Vigie';
  if (actor.type === 'rule') return 'an ownership rule';
  return 'someone';
}

export function statusWords(issue: StatusSource): StatusWords {
  const change = issue.lastStatusChange;
  return {
    what: what(issue),
    by: change ? actorWords(change.actor) : null,
    at: change?.at ?? null,
  };
}
