import { useId, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import { TextField } from "../../components/TextField";
import { SESSIONS_CHANGED } from "./SessionsSection";
import { repeatProblem, roughStrength, STRENGTH_LABELS } from "./securityText";

/** Change password (POST /api/me/password): the server checks the current one and how guessable the new one is. */
export function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [endOthers, setEndOthers] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const meterId = useId();
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);
  const mismatch = repeatProblem(next, repeat);
  const strength = roughStrength(next);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword(current, next, endOthers);
      setCurrent("");
      setNext("");
      setRepeat("");
      setDone(true);
      if (endOthers) window.dispatchEvent(new Event(SESSIONS_CHANGED));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const general = error !== null && fieldErrors("currentPassword").length === 0 && fieldErrors("newPassword").length === 0;
  return (
    <section className="security-section" aria-labelledby="password-heading">
      <h3 id="password-heading">Change password</h3>
      <form onSubmit={submit} noValidate>
        {general && <div role="alert" className="alert">{errorText(error)}</div>}
        {done && <p role="status" className="security-done">Password changed.</p>}
        <TextField label="Current password" type="password" autoComplete="current-password" value={current}
          onChange={(e) => setCurrent(e.target.value)} errors={fieldErrors("currentPassword")} />
        <TextField label="New password" type="password" autoComplete="new-password" value={next}
          onChange={(e) => setNext(e.target.value)} errors={fieldErrors("newPassword")}
          hint="At least 10 characters. A few uncommon words make a strong, memorable password." />
        {next && (
          <div className="strength" id={meterId}>
            <meter min={0} max={4} low={2} high={3} optimum={4} value={strength} aria-label="Rough strength" />
            <span className="muted">{STRENGTH_LABELS[strength]} (rough guess; the server checks)</span>
          </div>
        )}
        <TextField label="Repeat new password" type="password" autoComplete="new-password" value={repeat}
          onChange={(e) => setRepeat(e.target.value)} errors={mismatch ? [mismatch] : []} />
        <label className="check">
          <input type="checkbox" checked={endOthers} onChange={(e) => setEndOthers(e.target.checked)} />
          Sign out other sessions
        </label>
        <div className="dialog-footer">
          <button type="submit" className="primary" disabled={busy || !current || !next || !repeat || mismatch !== null}>Change password</button>
        </div>
      </form>
    </section>
  );
}
