// An issue's suggested owners: the owners of the rule that matched its event, with the rule and what it
// matched, as stored (issue_owners) and as shown. Pure.

import type { NormalizedEvent } from '../grouping/event.ts';
import { matchOwnership, type RuleMatch, subjectOf } from './matching.ts';
import type { IssueOwnerWrite } from './ownership.repository.ts';
import { ownerLabel } from './rule.ts';
import type { ResolvedOwner, Ruleset } from './ruleset.ts';

export interface Suggestion {
  match: RuleMatch;
  owners: ResolvedOwner[];
}

export function suggestOwners(
  ruleset: Ruleset,
  event: NormalizedEvent,
  culprit: string | null,
): Suggestion | null {
  if (ruleset.rules.length === 0) return null;
  const match = matchOwnership(ruleset.rules, subjectOf(event, culprit));
  if (!match) return null;
  const owners = match.rule.owners.map(
    ({ owner }): ResolvedOwner =>
      ruleset.owners.get(ownerLabel(owner)) ?? {
        type: 'unknown',
        label: ownerLabel(owner),
        reason: 'not resolved',
      },
  );
  return { match, owners };
}

/** The first owner that is a member or team: whom auto-assignment picks. */
export function firstKnownOwner(suggestion: Suggestion) {
  const owner = suggestion.owners.find((o) => o.type !== 'unknown');
  if (!owner) return null;
  return owner.type === 'user' ? { userId: owner.id, teamId: null } : { userId: null, teamId: owner.id };
}

/** How owners are kept in issue_owners.owners. */
export interface StoredOwner {
  type: 'user' | 'team' | 'unknown';
  label: string;
  id: number | null;
}

export function suggestionWrite(
  issue: { id: number; projectId: number },
  revision: number,
  suggestion: Suggestion,
): IssueOwnerWrite {
  const stored: StoredOwner[] = suggestion.owners.map((o) => ({
    type: o.type,
    label: o.label,
    id: o.type === 'unknown' ? null : o.id,
  }));
  const known = suggestion.owners.filter((o) => o.type !== 'unknown');
  const { rule, field, value } = suggestion.match;
  return {
    issueId: issue.id,
    projectId: issue.projectId,
    revision,
    source: rule.source,
    line: rule.line,
    rule: rule.text,
    field,
    value: value.slice(0, 1_000),
    owners: JSON.stringify(stored),
    ownerSort: known[0]?.label.toLowerCase() ?? null,
    targets: known.map((o) =>
      o.type === 'user' ? { userId: o.id, teamId: null } : { userId: null, teamId: o.id },
    ),
  };
}
