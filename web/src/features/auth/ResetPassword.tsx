import { useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import { TextField } from "../../components/TextField";
import { LINK_USED_OR_EXPIRED } from "./emailLinks";

/** /reset-password?token=…: a new password, twice; the reset signs out every session. */
export function ResetPassword({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const linkDead = error instanceof ApiError && error.fieldErrors("token").length > 0;
  const passwordErrors = error instanceof ApiError ? error.fieldErrors("newPassword") : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMismatch(password !== again);
    if (password !== again) return;
    setBusy(true);
    setError(null);
    try {
      await api.resetPassword(token, password);
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <section aria-labelledby="reset-title">
        <h1 id="reset-title">Password changed</h1>
        <p role="status">Your new password is set. Every session was signed out: sign in again on each device.</p>
        <button type="button" className="primary wide" onClick={() => location.assign("/")}>Sign in</button>
      </section>
    );
  }
  if (linkDead) {
    return (
      <section aria-labelledby="reset-title">
        <h1 id="reset-title">Link expired</h1>
        <p role="alert" className="alert">{LINK_USED_OR_EXPIRED} Ask for a new one from “Forgot password?” on the sign-in page.</p>
        <button type="button" className="wide" onClick={() => location.assign("/")}>Back to sign in</button>
      </section>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <p className="auth-note">Setting it signs you out everywhere.</p>
      {error !== null && passwordErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
      <TextField label="New password" name="new-password" type="password" autoComplete="new-password" value={password} required autoFocus
        onChange={(e) => setPassword(e.target.value)} errors={passwordErrors} hint="At least 10 characters, not containing your user name." />
      <TextField label="New password again" name="new-password-again" type="password" autoComplete="new-password" value={again} required
        onChange={(e) => setAgain(e.target.value)} errors={mismatch ? ["The two passwords differ."] : []} />
      <button type="submit" className="primary wide" disabled={busy}>Set new password</button>
    </form>
  );
}
