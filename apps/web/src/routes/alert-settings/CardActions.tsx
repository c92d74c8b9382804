// What a channel card and a rule card share: for managers, "Send a test" (with each delivery's outcome
// under it), Edit and a confirmed Delete; and what went wrong with either, for everyone who sees the card.

import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { ErrorNotice } from '../../ui/notices.tsx';
import type { Alert } from '../alerts/alerts-queries.ts';
import { TestOutcome } from './TestOutcome.tsx';

interface Props {
  /** "channel" or "rule", in the delete button's words. */
  kind: string;
  name: string;
  testLabel: string;
  test: UseMutationResult<Alert, Error, void>;
  remove: UseMutationResult<unknown, Error, void>;
  editing: boolean;
  onToggleEdit: () => void;
  canManage: boolean;
  /** What deleting it does, in the confirmation. */
  children: ReactNode;
}

export function CardActions({
  kind,
  name,
  testLabel,
  test,
  remove,
  editing,
  onToggleEdit,
  canManage,
  children,
}: Props) {
  return (
    <>
      {canManage ? (
        <div className="channel-actions">
          <button
            type="button"
            className="button button-small"
            disabled={test.isPending}
            onClick={() => test.mutate()}
          >
            {test.isPending ? 'Sending…' : testLabel}
          </button>
          <button
            type="button"
            className="button button-small"
            aria-expanded={editing}
            onClick={onToggleEdit}
          >
            Edit
          </button>
          <ConfirmButton
            label="Delete"
            accessibleLabel={`Delete ${kind} ${name}`}
            title={`Delete the ${kind} “${name}”?`}
            confirmLabel={`Delete the ${kind}`}
            onConfirm={() => remove.mutate()}
            disabled={remove.isPending}
          >
            {children}
          </ConfirmButton>
        </div>
      ) : null}
      {test.isSuccess ? <TestOutcome alert={test.data} /> : null}
      {test.isError ? <ErrorNotice error={test.error} title="The test was not sent:" /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
    </>
  );
}
