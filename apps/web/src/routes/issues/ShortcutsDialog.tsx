// The list of keyboard shortcuts, opened with "?": the stream's, or those a page passes (the issue page's).

import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { shortcutsFor } from './stream-keys.ts';

export function ShortcutsDialog({
  isOpen,
  onOpenChange,
  canTriage = true,
  shortcuts,
  note,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** Without the triage capability, only the keys that move and open are listed (and bound). */
  canTriage?: boolean;
  /** Another page's shortcuts, and what its actions apply to, instead of the stream's. */
  shortcuts?: ReadonlyArray<{ keys: string[]; does: string }>;
  note?: string;
}) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">Keyboard shortcuts</Heading>
              <dl className="shortcuts">
                {(shortcuts ?? shortcutsFor(canTriage)).map((s) => (
                  <div key={s.does} className="shortcut">
                    <dt>
                      {s.keys.map((k) => (
                        <kbd key={k}>{k}</kbd>
                      ))}
                    </dt>
                    <dd>{s.does}</dd>
                  </div>
                ))}
              </dl>
              {note || canTriage ? (
                <p className="muted small">
                  {note ??
                    'Actions apply to the selected issues, or to the highlighted one when none is selected.'}
                </p>
              ) : null}
              <button type="button" className="button" onClick={close}>
                Close
              </button>
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
