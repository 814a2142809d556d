import { useId, useState, type FormEvent } from "react";
import { api, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";

const MAX_REASON = 500;

/** "Report…": anyone who can read a message tells the moderators why it should go. The reported person is never told who. */
export function ReportDialog({ messageId, onClose }: { messageId: string; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.report(messageId, reason.trim());
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog label="Report message" onClose={onClose}>
      {sent ? (
        <div className="dialog-body">
          <p role="status">Thanks. The moderators will look at it.</p>
          <div className="dialog-footer"><button type="button" className="primary" autoFocus onClick={onClose}>Done</button></div>
        </div>
      ) : (
        <form className="dialog-body" onSubmit={submit} noValidate>
          {error && <div role="alert" className="alert">{error}</div>}
          <div className="field">
            <label htmlFor={id}>Why should the moderators look at this message?</label>
            <textarea id={id} value={reason} maxLength={MAX_REASON} rows={3} required autoFocus aria-describedby={`${id}-hint`}
              onChange={(e) => setReason(e.target.value)} />
            <small id={`${id}-hint`} className="hint">The person you report is not told who reported them.</small>
          </div>
          <div className="dialog-footer">
            <button type="button" onClick={onClose}>Cancel</button>
            <button type="submit" className="primary" disabled={busy || !reason.trim()}>Report</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
