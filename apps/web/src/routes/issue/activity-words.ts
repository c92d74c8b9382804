// An activity entry as a sentence: who did what to the issue ("ana@example.com resolved it in
// shop@2.0", "Vigie reopened it: event from 1.3.0, fixed in 1.3.0", "bruno assigned it to #backend",
// "Assigned to #billing by ownership rule `path:src/billing/**`").
// Pure: the names of assignees come from the caller (the project's members).

import { asText } from '../../api/event-data.ts';
import type { ActivityEntry } from '../../api/types.ts';
import { exactTime } from '../../ui/format.ts';
import { actorWords } from './status-words.ts';

/** `user:12` or `team:3` → a name; the caller knows the members. */
export type NameOf = (assigneeKey: string) => string;

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
/** The server's details hold ISO times; people read local ones. */
const readable = (text: string) => text.replace(ISO, (iso) => exactTime(iso));

const AUTOMATIC: Record<string, string> = {
  regressed: 'reopened it: it happened again',
  snooze_until_passed: 'woke it: its snooze ended',
  snooze_events_reached: 'woke it: it had the events it was snoozed for',
  snooze_users_reached: 'woke it: it reached the users it was snoozed for',
  snooze_escalated: 'woke it: it escalated while snoozed',
  escalated: 'marked it escalating',
  aged_to_ongoing: 'marked it ongoing',
};

const issueList = (ids: unknown) =>
  Array.isArray(ids) && ids.length > 0 ? ids.map((id) => `#${asText(id)}`).join(', ') : 'other issues';

function statusSentence(entry: ActivityEntry, who: string): string {
  const detail = typeof entry.data.detail === 'string' ? readable(entry.data.detail) : null;
  const automatic = entry.reason ? AUTOMATIC[entry.reason] : undefined;
  if (automatic) return `${who} ${automatic}${detail ? ` (${detail})` : ''}`;
  if (detail)
    return `${who} ${detail.startsWith('marked') ? detail : `${detail.replace(/^(\w+)/, '$1 it')}`}`;
  const to = entry.to ? entry.to.status : 'another status';
  return `${who} changed the status to ${to}`;
}

/** "ownership rule `path:src/billing/**`", "CODEOWNERS line 4 `/src/billing/ @acme/billing`". */
function ruleWords(rule: unknown): string | null {
  if (typeof rule !== 'object' || rule === null) return null;
  const { text, matcher, source, line } = rule as Record<string, unknown>;
  // `matcher` since 2026-12-08; earlier entries have the rule's whole line only.
  const what = typeof matcher === 'string' ? matcher : typeof text === 'string' ? text : null;
  if (what === null) return null;
  return source === 'codeowners'
    ? `CODEOWNERS line ${asText(line)} \`${what}\``
    : `ownership rule \`${what}\``;
}

export function describeActivity(entry: ActivityEntry, nameOf: NameOf): string {
  const who = actorWords(entry.actor);
  const d = entry.data;
  switch (entry.kind) {
    case 'created':
      return 'First seen: Vigie opened the issue';
    case 'status':
      return statusSentence(entry, who);
    case 'review':
      return `${who} marked it reviewed`;
    case 'assign': {
      const to = typeof d.assignee === 'string' ? nameOf(d.assignee) : 'someone';
      const rule = entry.actor.type === 'rule' ? ruleWords(d.rule) : null;
      return rule ? `Assigned to ${to} by ${rule}` : `${who} assigned it to ${to}`;
    }
    case 'unassign':
      return `${who} unassigned it`;
    case 'link':
      return `${who} linked it to ${asText(d.url ?? 'an external issue')}`;
    case 'unlink':
      return `${who} removed its link${d.previousUrl ? ` to ${asText(d.previousUrl)}` : ''}`;
    case 'github':
      return `${who} filed it on GitHub as ${asText(d.repository)}#${asText(d.number)}`;
    case 'comment':
      return `${who} commented`;
    case 'merge':
      return d.targetIssueId !== undefined
        ? `${who} merged it into #${asText(d.targetIssueId)}`
        : `${who} merged ${issueList(d.sourceIssueIds)} into it`;
    case 'unmerge':
      return d.fromIssueId !== undefined
        ? `${who} split it back out of #${asText(d.fromIssueId)}`
        : `${who} split ${issueList(d.issueIds)} back out of it`;
    case 'escalation':
      return `${who} asked the team${d.customer !== undefined ? ` about ${asText(d.customer)}` : ''}: “${asText(d.note)}”`;
    default:
      return `${who}: ${entry.kind}`;
  }
}
