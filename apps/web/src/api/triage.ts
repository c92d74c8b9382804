// Triage actions (resolve, ignore, snooze, assign, review…) on one issue or a selection, through the
// bulk endpoint: one request, and each issue's own outcome (a 409 says what its status is now).

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ok } from './client.ts';
import type { BodyOf, ResponseOf } from './types.ts';

export type TriageAction = BodyOf<'/api/v1/projects/{id}/issues/bulk', 'post'>['action'];
export type TriageResult = ResponseOf<'/api/v1/projects/{id}/issues/bulk', 'post'>['results'][number];

export function applyTriage(projectId: number, ids: number[], action: TriageAction): Promise<TriageResult[]> {
  return ok(
    api.POST('/api/v1/projects/{id}/issues/bulk', {
      params: { path: { id: String(projectId) } },
      body: { ids, action },
    }),
  ).then((answer) => answer.results);
}

/** What went wrong for the issues whose action did not apply, in the API's words; empty when all did. */
export const failures = (results: TriageResult[]): string[] =>
  results.filter((r) => r.status !== 200).map((r) => `#${r.id}: ${r.error?.message ?? `status ${r.status}`}`);

/** Runs an action, then refreshes the project's lists and the issues it touched. */
export function useTriage(projectId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, action }: { ids: number[]; action: TriageAction }) =>
      applyTriage(projectId, ids, action),
    onSettled: async (_results, _error, { ids }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'issues'] }),
        ...ids.map((id) => queryClient.invalidateQueries({ queryKey: ['issues', id] })),
      ]);
    },
  });
}

const HOUR = 3_600_000;
export function snoozeFor(hours: number): Extract<TriageAction, { type: 'snooze' }> {
  return {
    type: 'snooze',
    snooze: { kind: 'until', until: new Date(Date.now() + hours * HOUR).toISOString() },
  };
}
