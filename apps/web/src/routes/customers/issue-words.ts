// Where the team is with an issue, in words support can read to a customer: "Fixed in shop@1.3",
// "The team is looking at it", "Ignored"… and a tone for its badge. Pure.

import { exactTime } from '../../ui/format.ts';
import type { CustomerIssue } from './customer-queries.ts';

type IssueState = Pick<
  CustomerIssue,
  | 'status'
  | 'substatus'
  | 'resolution'
  | 'snooze'
  | 'assigned'
  | 'reviewed'
  | 'externalIssue'
  | 'mergedIntoId'
>;

export interface IssueWords {
  text: string;
  tone: 'fixed' | 'working' | 'waiting' | 'quiet';
}

export function issueWords(issue: IssueState): IssueWords {
  if (issue.mergedIntoId !== null)
    return { text: 'Grouped with another report of the same problem', tone: 'working' };
  switch (issue.status) {
    case 'resolved':
      return { text: fixedWords(issue.resolution), tone: 'fixed' };
    case 'ignored':
      return { text: 'Ignored: the team chose not to act on it', tone: 'quiet' };
    case 'snoozed':
      return { text: snoozedWords(issue.snooze), tone: 'quiet' };
    default:
      if (issue.assigned || issue.reviewed || issue.externalIssue !== null)
        return {
          text:
            issue.substatus === 'regressed'
              ? 'Came back after a fix; the team is looking at it'
              : 'The team is looking at it',
          tone: 'working',
        };
      return {
        text:
          issue.substatus === 'regressed'
            ? 'Came back after a fix; not looked at yet'
            : 'Reported to the team; not looked at yet',
        tone: 'waiting',
      };
  }
}

function fixedWords(resolution: IssueState['resolution']): string {
  if (resolution?.kind === 'inRelease' && resolution.release) return `Fixed in ${resolution.release}`;
  if (resolution?.kind === 'inNextRelease')
    return resolution.afterRelease
      ? `Fixed in the release after ${resolution.afterRelease}`
      : 'Fixed in the next release';
  return 'Fixed';
}

function snoozedWords(snooze: IssueState['snooze']): string {
  if (snooze?.kind === 'until' && snooze.until) return `Set aside until ${exactTime(snooze.until)}`;
  return 'Set aside for now: the team will look again if it happens more';
}

/**
 * What the customer ran, in words: "Chrome 131 on macOS 14 (iPhone)" under "Browser" when the event
 * came from a browser; a server-side event has no browser, only its system ("Debian 12.11").
 */
export function systemWords(client: {
  browser: string | null;
  os: string | null;
  device: string | null;
}): { label: 'Browser' | 'System'; text: string } | null {
  const device = client.device && `(${client.device})`;
  const parts = client.browser
    ? [client.browser, client.os && `on ${client.os}`, device]
    : [client.os, device];
  const text = parts.filter(Boolean).join(' ');
  if (text === '') return null;
  return { label: client.browser ? 'Browser' : 'System', text };
}
