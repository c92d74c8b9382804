// Triage from the stream, optimistic: issues an action takes out of the view shown (the inbox after
// any action, an unresolved view after resolve, ignore or snooze) leave the list at once. If the
// server refuses (a 409: someone else changed the issue meanwhile), the list is put back and the
// API's message says what the issue's status now is.

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { issuesQuery, type StreamSearch } from '../../api/queries.ts';
import { failures, type TriageAction, useTriage } from '../../api/triage.ts';
import type { IssuePage } from '../../api/types.ts';

export interface Outcome {
  ok: boolean;
  text: string;
}

/** Whether issues the action succeeds on stop matching the query. */
export function leavesView(query: string, action: TriageAction): boolean {
  const terms = query.split(/\s+/);
  if (terms.includes('is:inbox')) return action.type !== 'unresolve';
  if (terms.includes('is:unresolved')) return ['resolve', 'ignore', 'snooze'].includes(action.type);
  return false;
}

export function useStreamTriage(projectId: number, search: StreamSearch) {
  const queryClient = useQueryClient();
  const triage = useTriage(projectId);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const key = issuesQuery(projectId, search).queryKey;

  const run = (ids: number[], action: TriageAction, label: string, onDone?: () => void) => {
    if (ids.length === 0) return;
    const before = queryClient.getQueryData<IssuePage>(key);
    if (before && leavesView(search.query, action)) {
      queryClient.setQueryData<IssuePage>(key, {
        ...before,
        issues: before.issues.filter((i) => !ids.includes(i.id)),
      });
    }
    setOutcome(null);
    const what = ids.length === 1 ? '1 issue' : `${ids.length} issues`;
    triage.mutate(
      { ids, action },
      {
        onSuccess: (results) => {
          const failed = failures(results);
          if (failed.length > 0 && before) queryClient.setQueryData(key, before);
          setOutcome(
            failed.length === 0
              ? { ok: true, text: `${label}: ${what}.` }
              : {
                  ok: false,
                  text: `${label} did not apply to ${failed.length === 1 ? '1 issue' : `${failed.length} issues`}. ${failed.join(' ')}`,
                },
          );
          onDone?.();
        },
        onError: (error) => {
          if (before) queryClient.setQueryData(key, before);
          setOutcome({ ok: false, text: error.message });
        },
      },
    );
  };
  return { run, outcome, pending: triage.isPending };
}
