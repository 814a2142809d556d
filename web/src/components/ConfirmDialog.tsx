import { useRef } from "react";
import { Dialog } from "./Dialog";

interface Props {
  label: string;
  text: string;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
  /** Where focus goes after confirming, when the button that opened the dialog goes away with the thing confirmed. */
  focusAfterConfirm?: () => HTMLElement | null;
}

/** An in-app confirmation (window.confirm is blocked in some embeddings and can't be styled). */
export function ConfirmDialog({ label, text, confirm, onConfirm, onClose, focusAfterConfirm }: Props) {
  const confirmed = useRef(false);
  return (
    <Dialog label={label} onClose={onClose} returnFocus={() => (confirmed.current ? focusAfterConfirm?.() ?? null : null)}>
      <div className="dialog-body">
        <p>{text}</p>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary danger-fill" autoFocus onClick={() => {
            confirmed.current = true;
            onClose();
            onConfirm();
          }}>{confirm}</button>
        </div>
      </div>
    </Dialog>
  );
}
