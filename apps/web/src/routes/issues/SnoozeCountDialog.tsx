// "Snooze until N more events / users": the triager chooses N (a few common ones one click away). The
// dialog opens with the number field focused (React Aria's dialog focuses its first field).

import { type FormEvent, useState } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { TriageAction } from '../../api/triage.ts';

export type SnoozeCountKind = 'events' | 'users';

const PRESETS: Record<SnoozeCountKind, number[]> = { events: [10, 100, 1000], users: [5, 10, 100] };

interface Props {
  kind: SnoozeCountKind | null;
  onClose: () => void;
  onAction: (action: TriageAction, label: string) => void;
}

export function SnoozeCountDialog({ kind, onClose, onAction }: Props) {
  return (
    <ModalOverlay
      isOpen={kind !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      isDismissable
      className="modal-overlay"
    >
      <Modal className="modal modal-small">
        <Dialog className="dialog">
          {kind ? <SnoozeCountForm kind={kind} onClose={onClose} onAction={onAction} /> : null}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function SnoozeCountForm({ kind, onClose, onAction }: Props & { kind: SnoozeCountKind }) {
  const [count, setCount] = useState(String(PRESETS[kind][1]));
  const n = Number(count);
  const valid = Number.isInteger(n) && n >= 1 && n <= 1_000_000_000;
  const apply = (value: number) => {
    onClose();
    onAction({ type: 'snooze', snooze: { kind, count: value } }, `Until ${value} more ${kind}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) apply(n);
  };
  return (
    <form onSubmit={submit} className="snooze-count">
      <Heading slot="title">Snooze until more {kind}</Heading>
      <p className="muted small">
        The issue comes back to the inbox once it has had this many more{' '}
        {kind === 'events' ? 'events' : 'distinct users'} than now.
      </p>
      <label className="field">
        <span>More {kind}</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={1_000_000_000}
          step={1}
          value={count}
          onChange={(e) => setCount(e.target.value)}
          aria-invalid={!valid}
        />
      </label>
      <div className="snooze-presets">
        {PRESETS[kind].map((preset) => (
          <button
            key={preset}
            type="button"
            className="button button-quiet button-small"
            onClick={() => apply(preset)}
          >
            {preset}
          </button>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!valid}>
          Snooze
        </button>
      </div>
    </form>
  );
}
