import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import { Avatar } from "../../components/Avatar";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/TextField";
import { useChat, useChatStore } from "../chat/useChat";
import { CloseAccountDialog } from "./CloseAccountDialog";

/** Edit your display name and status; close the account. */
export function ProfileDialog({ onClose }: { onClose: () => void }) {
  const { me } = useChat();
  const store = useChatStore();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [statusText, setStatusText] = useState(me.statusText);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await store.updateMe({ displayName: displayName.trim(), statusText: statusText.trim() });
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog label="Profile" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        <div className="profile-head">
          <Avatar userId={me.id} name={displayName || me.userName} size="lg" />
          <div><strong>@{me.userName}</strong><small className="muted"> · member since {new Date(me.createdAt).toLocaleDateString()}</small></div>
        </div>
        {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={64}
          autoFocus errors={fieldErrors("displayName")} />
        <TextField label="Status" value={statusText} onChange={(e) => setStatusText(e.target.value)} maxLength={140}
          placeholder="What are you up to?" errors={fieldErrors("statusText")} />
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Save</button>
        </div>
        <div className="danger-zone">
          <button type="button" className="danger" onClick={() => setClosing(true)}>Close account…</button>
        </div>
      </form>
      {closing && <CloseAccountDialog onClose={() => setClosing(false)} />}
    </Dialog>
  );
}
