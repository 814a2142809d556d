import { useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/TextField";

/** An admin creates an account (needed when registration is closed) and hands over the password out of band. */
export function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [userName, setUserName] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createUser(userName.trim(), password, displayName.trim());
      onCreated();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog label="Create account" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="User name" value={userName} autoComplete="off" required autoFocus onChange={(e) => setUserName(e.target.value)} errors={fieldErrors("userName")} />
        <TextField label="Display name" value={displayName} autoComplete="off" onChange={(e) => setDisplayName(e.target.value)} errors={fieldErrors("displayName")} />
        <TextField label="Password" type="password" value={password} autoComplete="new-password" required onChange={(e) => setPassword(e.target.value)}
          errors={fieldErrors("password")} hint="At least 10 characters. Give it to them privately." />
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !userName.trim() || !password}>Create account</button>
        </div>
      </form>
    </Dialog>
  );
}
