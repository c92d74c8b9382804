// "Snooze until a date": the triager picks a day and time (tomorrow morning to start with, a few
// common ones one click away); the issue comes back to the inbox then.

import { type FormEvent, useState } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { TriageAction } from '../../api/triage.ts';
import { fromLocalInput, toLocalInput } from '../../ui/datetime-local.ts';
import { exactTime } from '../../ui/format.ts';

const DAY_MS = 86_400_000;

/** Tomorrow at 9:00, local time: when most people would want to look again. */
function tomorrowMorning(nowMs: number): string {
  const date = new Date(nowMs + DAY_MS);
  date.setHours(9, 0, 0, 0);
  return date.toISOString();
}

const PRESETS = [
  { label: 'In 3 days', days: 3 },
  { label: 'In 2 weeks', days: 14 },
  { label: 'In 30 days', days: 30 },
];

interface Props {
  isOpen: boolean;
  onClose: () => void;
  onAction: (action: TriageAction, label: string) => void;
}

export function SnoozeUntilDialog({ isOpen, onClose, onAction }: Props) {
  return (
    <ModalOverlay
      isOpen={isOpen}
      onOpenChange={(open) => (open ? undefined : onClose())}
      isDismissable
      className="modal-overlay"
    >
      <Modal className="modal modal-small">
        <Dialog className="dialog">
          {isOpen ? <SnoozeUntilForm onClose={onClose} onAction={onAction} /> : null}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

function SnoozeUntilForm({ onClose, onAction }: Omit<Props, 'isOpen'>) {
  const [value, setValue] = useState(() => toLocalInput(tomorrowMorning(Date.now())));
  const until = fromLocalInput(value);
  const valid = until !== null && Date.parse(until) > Date.now();
  const apply = (iso: string) => {
    onClose();
    onAction({ type: 'snooze', snooze: { kind: 'until', until: iso } }, `Until ${exactTime(iso)}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && until !== null) apply(until);
  };
  return (
    <form onSubmit={submit} className="snooze-count">
      <Heading slot="title">Snooze until a date</Heading>
      <p className="muted small">
        The issue comes back to the inbox at this time, or sooner if it escalates.
      </p>
      <label className="field">
        <span>Until</span>
        <input
          type="datetime-local"
          value={value}
          min={toLocalInput(new Date().toISOString())}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={!valid}
          required
        />
      </label>
      <div className="snooze-presets">
        {PRESETS.map((preset) => (
          <button
            key={preset.days}
            type="button"
            className="button button-quiet button-small"
            onClick={() => apply(new Date(Date.now() + preset.days * DAY_MS).toISOString())}
          >
            {preset.label}
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
