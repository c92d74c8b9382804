// The issue page's actions, for those who may triage: the stream's menus (resolve or unresolve,
// ignore, snooze, assign, mark reviewed), filing on GitHub, and (for those who manage the project)
// discarding the issue after a confirmation. The same keys as the stream: r, i, s, a, g, e and ?.

import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, ok } from '../../api/client.ts';
import type { IssueDetail } from '../../api/types.ts';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import type { AssignChoice } from '../issues/AssignMenu.tsx';
import { GithubSetupLink } from '../issues/GithubSetupLink.tsx';
import { ShortcutsDialog } from '../issues/ShortcutsDialog.tsx';
import { INBOX_QUERY } from '../issues/stream-search.ts';
import { type MenuName, TriageMenus } from '../issues/TriageMenus.tsx';
import { ISSUE_SHORTCUTS, useIssueKeys } from './issue-keys.ts';
import type { IssueTriage } from './issue-triage.ts';

export function IssueActions({
  issue,
  canDiscard,
  triage,
  suggested,
}: {
  issue: IssueDetail;
  canDiscard: boolean;
  triage: IssueTriage;
  /** The issue's suggested owner, which the assign menu (and so `a`) proposes first. */
  suggested: AssignChoice | null;
}) {
  const [openMenu, setOpenMenu] = useState<MenuName | null>(null);
  const [help, setHelp] = useState(false);
  const unresolved = issue.status === 'unresolved';
  // One action at a time: a key pressed while one is on its way waits for the answer (the buttons are disabled).
  useIssueKeys(triage.pending, {
    resolve: () => (unresolved ? setOpenMenu('resolve') : triage.run({ type: 'unresolve' }, 'Unresolve')),
    ignore: () => triage.run({ type: 'ignore' }, 'Ignore'),
    snooze: () => setOpenMenu('snooze'),
    assign: () => setOpenMenu('assign'),
    github: () => triage.fileOnGithub(),
    review: () => triage.run({ type: 'review' }, 'Mark reviewed'),
    help: () => setHelp(true),
  });
  const outcome = triage.outcome;
  return (
    <div className="issue-actions">
      <div className="issue-actions-row">
        <TriageMenus
          projectId={issue.projectId}
          status={issue.status}
          lastRelease={issue.lastRelease}
          disabled={triage.pending}
          onAction={triage.run}
          openMenu={openMenu}
          onOpenMenuChange={setOpenMenu}
          suggested={suggested}
        />
        <button
          type="button"
          className="button"
          disabled={triage.pending}
          onClick={() => triage.fileOnGithub()}
        >
          {issue.externalIssue ? 'File again on GitHub' : 'File on GitHub'}
        </button>
        {canDiscard ? <DiscardButton issue={issue} /> : null}
        <button
          type="button"
          className="button button-quiet shortcuts-button"
          onClick={() => setHelp(true)}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </div>
      <div aria-live="polite" className="triage-outcome">
        {outcome ? (
          <p className={outcome.ok ? 'notice notice-ok' : 'notice notice-error'}>
            {outcome.text}
            {outcome.fileAgain ? (
              <>
                {' '}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => triage.fileOnGithub(true)}
                >
                  File another
                </button>
              </>
            ) : null}
            {outcome.setupGithub ? <GithubSetupLink projectId={issue.projectId} /> : null}
          </p>
        ) : null}
      </div>
      <ShortcutsDialog
        isOpen={help}
        onOpenChange={setHelp}
        shortcuts={ISSUE_SHORTCUTS}
        note="Actions apply to this issue."
      />
    </div>
  );
}

function DiscardButton({ issue }: { issue: IssueDetail }) {
  const navigate = useNavigate();
  const discard = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/v1/issues/{id}/discard', { params: { path: { id: String(issue.id) } } })),
    onSuccess: () =>
      navigate({
        to: '/projects/$projectId/issues',
        params: { projectId: String(issue.projectId) },
        search: { query: INBOX_QUERY },
      }),
  });
  return (
    <>
      <ConfirmButton
        label="Discard…"
        title="Discard this issue?"
        confirmLabel="Discard the issue and its events"
        disabled={discard.isPending}
        onConfirm={() => discard.mutate()}
      >
        <p>
          Its {formatCount(issue.count)} {issue.count === 1 ? 'event is' : 'events are'} deleted, and Vigie
          drops every future event with the same fingerprint (counted in the project's discarded list, where
          it can be undone).
        </p>
      </ConfirmButton>
      {discard.isError ? <ErrorNotice error={discard.error} /> : null}
    </>
  );
}
