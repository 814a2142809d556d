import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError, errorCode, errorText } from "../../api/client";
import type { MeDto } from "../../api/types";
import { TextField } from "../../components/TextField";

/**
 * The account's e-mail address (verified or not, with Resend), changing it (needs the password), and the new sign-in
 * notice. Hidden when the server sends no mail.
 */
export function EmailSection() {
  const [me, setMe] = useState<MeDto | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [notice, setNotice] = useState<boolean | null>(null);
  const [editing, setEditing] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.server().then((s) => setEnabled(s.email === true), () => undefined);
    api.me().then(setMe, setError);
    api.settings().then((s) => setNotice(s.signInNotice ?? true), () => undefined);
  }, []);

  if (!enabled || !me) return null;
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);
  const shownError = error !== null && fieldErrors("email").length === 0 && fieldErrors("password").length === 0;

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMe(await api.changeEmail(email.trim(), password));
      setEditing(false);
      setPassword("");
      setStatus("We sent a link to the new address: open it to verify it.");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function resend() {
    setError(null);
    try {
      await api.resendEmailVerification();
      setStatus("We sent a new link.");
    } catch (err) {
      setError(err);
    }
  }

  async function toggleNotice(on: boolean) {
    setError(null);
    try {
      setNotice((await api.updateSettings({ signInNotice: on })).signInNotice ?? on);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="email-section-title" className="security-section">
      <h3 id="email-section-title">E-mail</h3>
      {shownError && <div role="alert" className="alert">{errorCode(error) === "email_disabled" ? "This server sends no e-mail." : errorText(error)}</div>}
      {me.email ? (
        <p>
          <span data-testid="email-address">{me.email}</span>{" "}
          {me.emailVerified ? <span className="muted">(verified)</span> : (
            <>
              <strong>(not verified)</strong>{" "}
              <button type="button" className="link" onClick={() => void resend()}>Resend link</button>
            </>
          )}
        </p>
      ) : (
        <p className="muted">No address yet. Add one to reset a forgotten password and hear of new sign-ins.</p>
      )}
      {editing ? (
        <form onSubmit={save} noValidate>
          <TextField label="New e-mail" name="email" type="email" autoComplete="email" value={email} required autoFocus
            onChange={(e) => setEmail(e.target.value)} errors={fieldErrors("email")} />
          <TextField label="Current password" name="current-password" type="password" autoComplete="current-password" value={password} required
            onChange={(e) => setPassword(e.target.value)} errors={fieldErrors("password")} />
          <div className="dialog-footer">
            <button type="button" onClick={() => setEditing(false)}>Cancel</button>
            <button type="submit" className="primary" disabled={busy}>Save address</button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => { setEditing(true); setEmail(me.email ?? ""); setStatus(""); }}>
          {me.email ? "Change address" : "Add an address"}
        </button>
      )}
      <p role="status" className="muted">{status}</p>
      {notice !== null && (
        <label className="check">
          <input type="checkbox" checked={notice} disabled={!me.emailVerified} onChange={(e) => void toggleNotice(e.target.checked)} />
          Mail me when my account is signed in to from a new session
        </label>
      )}
    </section>
  );
}
