// Triage from the issue page, optimistic: the header shows the new status (or assignee) at once, then
// the server's answer. If the server refuses (a 409: someone changed the issue meanwhile), the header
// goes back as it was and the message says what the status is now and who changed it. Filing on
// GitHub and discarding are here too.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fileOnGithub } from '../../api/bulk-query.ts';
import { ApiError } from '../../api/client.ts';
import { issueQuery, membersQuery, meQuery } from '../../api/queries.ts';
import { applyTriage, type TriageAction } from '../../api/triage.ts';
import type { IssueDetail, Me, Member, TriagedIssue } from '../../api/types.ts';
import { assigneeOf, optimisticIssue, refusalText } from '../issues/stream-triage.ts';

export interface Outcome {
  ok: boolean;
  text: string;
  /** Filing failed because the issue is linked already: the page offers to file another. */
  fileAgain?: boolean;
  /** Filing failed because the project has no GitHub integration: the page links to its settings. */
  setupGithub?: boolean;
}

/** The issue as it will be once the action applies, with the person as who changed the status. */
export function predictIssue(
  issue: IssueDetail,
  action: TriageAction,
  me: Me | undefined,
  members: readonly Member[],
): IssueDetail {
  const assignee = action.type === 'assign' ? assigneeOf(action.assignee, me, members) : undefined;
  // The triage fields only: the issue page's `stats` are not the stream's sparkline.
  const { stats: _stats, ...triaged } = issue;
  const changed: Omit<TriagedIssue, 'stats'> = optimisticIssue(triaged, action, assignee);
  const next: IssueDetail = { ...issue, ...changed };
  if (next.status === issue.status && next.substatus === issue.substatus) return next;
  return {
    ...next,
    lastStatusChange: {
      at: new Date().toISOString(),
      actor: { type: 'user', userId: me?.user?.id ?? null, email: me?.user?.email ?? null, tokenId: null },
      from: { status: issue.status, substatus: issue.substatus },
      to: { status: next.status, substatus: next.substatus },
      reason: action.type,
    },
  };
}

export function useIssueTriage(issue: IssueDetail) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, setPending] = useState(false);
  const key = issueQuery(issue.id).queryKey;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['issues', issue.id] }),
      queryClient.invalidateQueries({ queryKey: ['projects', issue.projectId, 'issues'] }),
    ]);

  const run = (action: TriageAction, label: string) => {
    const before = queryClient.getQueryData<IssueDetail>(key) ?? issue;
    const me = queryClient.getQueryData<Me>(meQuery.queryKey);
    const members = queryClient.getQueryData<Member[]>(membersQuery(issue.projectId).queryKey) ?? [];
    queryClient.setQueryData<IssueDetail>(key, predictIssue(before, action, me, members));
    setOutcome(null);
    setPending(true);
    applyTriage(issue.projectId, [issue.id], action)
      .then(([result]) => {
        if (result?.status === 200) {
          setOutcome({ ok: true, text: `${label}: done.` });
          return;
        }
        queryClient.setQueryData(key, before);
        const error = result?.error ?? { code: 'error', message: `status ${result?.status}` };
        setOutcome({
          ok: false,
          text: `${label} did not apply, the issue is back as it was. ${refusalText(before.title, error, Date.now())}`,
        });
      })
      .catch((error: unknown) => {
        queryClient.setQueryData(key, before);
        setOutcome({ ok: false, text: error instanceof Error ? error.message : 'The action failed.' });
      })
      .finally(() => {
        setPending(false);
        void refresh();
      });
  };

  const github = useMutation({
    mutationFn: (force: boolean) => fileOnGithub(issue.id, force),
    onMutate: () => setOutcome(null),
    onSuccess: (created) =>
      setOutcome({ ok: true, text: `Filed on GitHub as ${created.repository}#${created.number}.` }),
    onError: (error) =>
      setOutcome(
        error instanceof ApiError && error.code === 'github_not_configured'
          ? { ok: false, text: 'This project has no GitHub integration yet.', setupGithub: true }
          : {
              ok: false,
              text: error.message,
              fileAgain: error instanceof ApiError && error.code === 'issue_already_linked',
            },
      ),
    onSettled: refresh,
  });

  return {
    run,
    fileOnGithub: (force = false) => github.mutate(force),
    outcome,
    pending: pending || github.isPending,
  };
}

export type IssueTriage = ReturnType<typeof useIssueTriage>;
