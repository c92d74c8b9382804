// The list of keyboard shortcuts, opened with "?".

import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { shortcutsFor } from './stream-keys.ts';

export function ShortcutsDialog({
  isOpen,
  onOpenChange,
  canTriage,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  /** Without the triage capability, only the keys that move and open are listed (and bound). */
  canTriage: boolean;
}) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">Keyboard shortcuts</Heading>
              <dl className="shortcuts">
                {shortcutsFor(canTriage).map((s) => (
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
              {canTriage ? (
                <p className="muted small">
                  Actions apply to the selected issues, or to the highlighted one when none is selected.
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
