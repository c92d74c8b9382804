// Small labels: an issue's level, its status and substatus, why it is in the inbox.

import type { TriagedIssue } from '../api/types.ts';
import { exactTime } from './format.ts';

const LEVELS = new Set(['fatal', 'error', 'warning', 'info', 'debug']);

export function LevelMark({ level }: { level: string }) {
  const known = LEVELS.has(level) ? level : 'error';
  return (
    <span className={`level level-${known}`} title={`Level: ${level}`}>
      <span className="visually-hidden">{level}</span>
    </span>
  );
}

interface Badge {
  label: string;
  tone: 'new' | 'regressed' | 'escalating' | 'muted' | 'resolved' | 'link';
  title?: string;
}

type BadgeSource = Pick<
  TriagedIssue,
  'status' | 'substatus' | 'snooze' | 'inbox' | 'externalIssue' | 'resolution'
>;

export function issueBadges(issue: BadgeSource): Badge[] {
  const badges: Badge[] = [];
  if (issue.status === 'unresolved') {
    if (issue.substatus === 'new') badges.push({ label: 'new', tone: 'new' });
    if (issue.substatus === 'regressed') badges.push({ label: 'regressed', tone: 'regressed' });
    if (issue.substatus === 'escalating') badges.push({ label: 'escalating', tone: 'escalating' });
  }
  if (issue.status === 'resolved') {
    const release = issue.resolution?.release;
    badges.push({
      label: release
        ? `resolved in ${release}`
        : issue.resolution?.kind === 'inNextRelease'
          ? 'resolved in next release'
          : 'resolved',
      tone: 'resolved',
    });
  }
  if (issue.status === 'ignored') badges.push({ label: 'ignored', tone: 'muted' });
  if (issue.status === 'snoozed') badges.push(snoozeBadge(issue.snooze));
  if (issue.inbox && issue.status === 'unresolved' && issue.inbox.reason === 'unsnoozed')
    badges.push({ label: 'back from snooze', tone: 'regressed' });
  if (issue.externalIssue) {
    badges.push({
      label: issue.externalIssue.number === null ? 'linked' : `GitHub #${issue.externalIssue.number}`,
      tone: 'link',
      title: issue.externalIssue.url,
    });
  }
  return badges;
}

function snoozeBadge(snooze: BadgeSource['snooze']): Badge {
  if (snooze?.kind === 'until' && snooze.until)
    return { label: `snoozed until ${exactTime(snooze.until)}`, tone: 'muted' };
  if (snooze?.kind === 'events')
    return { label: `snoozed for ${snooze.count ?? '?'} more events`, tone: 'muted' };
  if (snooze?.kind === 'users')
    return { label: `snoozed for ${snooze.count ?? '?'} more users`, tone: 'muted' };
  if (snooze?.kind === 'escalating') return { label: 'snoozed until it escalates', tone: 'muted' };
  return { label: 'snoozed', tone: 'muted' };
}

export function Badges({ issue }: { issue: BadgeSource }) {
  return (
    <span className="badges">
      {issueBadges(issue).map((b) => (
        <span key={b.label} className={`badge badge-${b.tone}`} title={b.title}>
          {b.label}
        </span>
      ))}
    </span>
  );
}
