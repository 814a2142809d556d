import { useId, useState, type FormEvent, type ReactNode } from "react";
import { errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";

interface Props {
  label: string;
  /** What will happen, in a sentence. */
  text: string;
  confirm: string;
  /** Extra fields (a duration, an expiry) above the reason. */
  children?: ReactNode;
  /** Does it; a rejection is shown in the dialog, which stays open. */
  onConfirm: (reason: string | null) => Promise<unknown>;
  onClose: () => void;
}

/** The confirmation every action on a person goes through (kick, ban, time out): what happens, an optional reason. */
export function SanctionDialog({ label, text, confirm, children, onConfirm, onClose }: Props) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim() || null);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog label={label} onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        <p>{text}</p>
        {error && <div role="alert" className="alert">{error}</div>}
        {children}
        <div className="field">
          <label htmlFor={id}>Reason (optional)</label>
          <textarea id={id} value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)}
            aria-describedby={`${id}-hint`} />
          <small id={`${id}-hint`} className="hint">Kept in the audit log.</small>
        </div>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary danger-fill" disabled={busy}>{confirm}</button>
        </div>
      </form>
    </Dialog>
  );
}
