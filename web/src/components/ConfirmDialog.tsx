import { Dialog } from "./Dialog";

interface Props {
  label: string;
  text: string;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** An in-app confirmation (window.confirm is blocked in some embeddings and can't be styled). */
export function ConfirmDialog({ label, text, confirm, onConfirm, onClose }: Props) {
  return (
    <Dialog label={label} onClose={onClose}>
      <div className="dialog-body">
        <p>{text}</p>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary danger-fill" autoFocus onClick={() => {
            onClose();
            onConfirm();
          }}>{confirm}</button>
        </div>
      </div>
    </Dialog>
  );
}
