import { useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import { TextField } from "../../components/TextField";

/** "Forgot password?": the server answers the same whoever is named, and so does this form. */
export function ForgotPassword({ initialLogin, onBack }: { initialLogin: string; onBack: () => void }) {
  const [login, setLogin] = useState(initialLogin);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.forgotPassword(login.trim());
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      {sent ? (
        <p role="status" className="auth-note">If an account matches, we sent a link to its verified e-mail address. It works once, for an hour.</p>
      ) : (
        <>
          <p className="auth-note">We mail a reset link to the account’s verified address.</p>
          {error !== null && !(error instanceof ApiError && error.fieldErrors("login").length) && <div role="alert" className="alert">{errorText(error)}</div>}
          <TextField label="User name or e-mail" name="login" autoComplete="username" value={login} required autoFocus
            onChange={(e) => setLogin(e.target.value)} errors={error instanceof ApiError ? error.fieldErrors("login") : []} />
          <button type="submit" className="primary wide" disabled={busy}>Send reset link</button>
        </>
      )}
      <div className="auth-switch">
        <button type="button" className="link" onClick={onBack}>Back to sign in</button>
      </div>
    </form>
  );
}
