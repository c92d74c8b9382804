// Suggested owners in the stream (ownership rules, docs/ownership.md): one query for the page's issues,
// the owner shown beside an unassigned issue with the reason on hover, and the choice that the assign
// menu (and so `a` in keyboard triage) proposes first.

import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';
import type { AssignChoice } from './AssignMenu.tsx';

export type Suggestion = ResponseOf<
  '/api/v1/projects/{id}/ownership/suggestions',
  'get'
>['suggestions'][number];

export const suggestionsQuery = (projectId: number, issueIds: readonly number[]) =>
  queryOptions({
    queryKey: ['projects', projectId, 'ownership-suggestions', [...issueIds]],
    queryFn: async () =>
      (
        await ok(
          api.GET('/api/v1/projects/{id}/ownership/suggestions', {
            params: { path: { id: String(projectId) }, query: { ids: issueIds.join(',') } },
          }),
        )
      ).suggestions,
    enabled: issueIds.length > 0,
    staleTime: 30_000,
  });

/** The page's suggestions by issue id (empty while loading, or when the project has none). */
export function useSuggestions(
  projectId: number,
  issueIds: readonly number[],
): ReadonlyMap<number, Suggestion> {
  const ids = issueIds.slice(0, 100);
  const { data } = useQuery(suggestionsQuery(projectId, ids));
  return new Map((data ?? []).map((s) => [s.issueId, s]));
}

/** "Assign to #billing (suggested)", for the first owner that is a member or team; null otherwise. */
export function suggestedChoice(
  suggestion: Pick<Suggestion, 'owners' | 'explanation'> | null | undefined,
): AssignChoice | null {
  const owner = suggestion?.owners.find((o) => o.type !== 'unknown' && o.id !== null);
  if (!owner) return null;
  const assignee = `${owner.type}:${owner.id}`;
  return {
    id: `suggested:${assignee}`,
    label: `${owner.label} (suggested)`,
    detail: suggestion?.explanation ?? null,
    action: { type: 'assign', assignee },
  };
}

export function SuggestedOwner({ suggestion }: { suggestion: Suggestion }) {
  const labels = suggestion.owners.map((o) => o.label).join(', ');
  return (
    <span className="suggested-owner muted" title={suggestion.explanation}>
      {/* Said in words, on every screen: a suggestion must not read as an assignment. */}
      <span className="small">suggested</span> {labels}
      <span className="visually-hidden"> (suggested: {suggestion.explanation})</span>
    </span>
  );
}
