import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/TextField";
import { useChatStore } from "../chat/useChat";

/** Closing your account (POST /api/me/deactivate) asks for the password again; success returns to the sign-in screen. */
export function CloseAccountDialog({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await store.closeAccount(password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog label="Close account" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        <p>You won't be able to sign in again, and people can no longer find you. Your messages and rooms stay.</p>
        {error !== null && fieldErrors("password").length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Password" type="password" autoComplete="current-password" value={password} autoFocus
          onChange={(e) => setPassword(e.target.value)} errors={fieldErrors("password")} />
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary danger-fill" disabled={busy || password === ""}>Close account</button>
        </div>
      </form>
    </Dialog>
  );
}
