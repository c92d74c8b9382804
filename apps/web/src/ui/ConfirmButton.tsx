// A button whose action cannot be undone (revoke, remove): it asks first, in a dialog that names what
// will happen, with the dangerous choice spelled out and Cancel focused.

import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';

interface Props {
  /** The button's text. */
  label: string;
  /** A fuller name for screen readers, when the label alone is ambiguous in a list ("Revoke" → "Revoke key Web"). */
  accessibleLabel?: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}

export function ConfirmButton({
  label,
  accessibleLabel,
  title,
  children,
  confirmLabel,
  onConfirm,
  disabled = false,
}: Props) {
  return (
    <DialogTrigger>
      <Button
        className="button button-small"
        isDisabled={disabled}
        {...(accessibleLabel ? { 'aria-label': accessibleLabel } : {})}
      >
        {label}
      </Button>
      <ModalOverlay isDismissable className="modal-overlay">
        <Modal className="modal">
          <Dialog className="dialog" role="alertdialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                <div className="dialog-body">{children}</div>
                <div className="dialog-actions">
                  <Button className="button" autoFocus onPress={close}>
                    Cancel
                  </Button>
                  <Button
                    className="button button-danger"
                    onPress={() => {
                      close();
                      onConfirm();
                    }}
                  >
                    {confirmLabel}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
