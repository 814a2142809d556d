import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import type { MeDto, TwoFactorPrompt, TwoFactorSetup } from "../../api/types";
import { TextField } from "../../components/TextField";
import { RecoveryCodeList } from "../security/RecoveryCodeList";
import { TwoFactorEnrolment } from "../security/TwoFactorEnrolment";
import { sixDigits } from "../security/twoFactorText";

interface Props {
  prompt: TwoFactorPrompt;
  onSignedIn: (me: MeDto) => void;
  /** Back to the password (the challenge expired, or another account). */
  onCancel: () => void;
}

/** The sign-in's second step: a code (or a recovery code), or enrolment first when the server requires it. */
export function TwoFactorStep({ prompt, onSignedIn, onCancel }: Props) {
  return prompt.twoFactorSetupRequired
    ? <RequiredEnrolment challenge={prompt.challenge} onSignedIn={onSignedIn} onCancel={onCancel} />
    : <CodeStep challenge={prompt.challenge} onSignedIn={onSignedIn} onCancel={onCancel} />;
}

function CodeStep({ challenge, onSignedIn, onCancel }: { challenge: string; onSignedIn: (me: MeDto) => void; onCancel: () => void }) {
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const code = recovery ? value.trim() : sixDigits(value);
    if (!code) return setError(new Error(recovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your authenticator app."));
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.loginTwoFactor(challenge, recovery ? { recoveryCode: code } : { code }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const field = recovery ? "recoveryCode" : "code";
  const fieldErrors = error instanceof ApiError ? error.fieldErrors(field) : error instanceof Error && !(error instanceof ApiError) ? [error.message] : [];
  const expired = error instanceof ApiError && error.fieldErrors("challenge").length > 0;
  return (
    <form className="auth-card" onSubmit={submit} noValidate aria-label="Two-factor authentication">
      <div className="auth-logo" aria-hidden="true">P</div>
      <h1>Two-factor authentication</h1>
      {error !== null && fieldErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
      {recovery ? (
        <TextField key="recovery" label="Recovery code" name="recovery-code" autoComplete="off" autoFocus value={value}
          onChange={(e) => setValue(e.target.value)} errors={fieldErrors} hint="One of the codes you saved when you turned on two-factor." />
      ) : (
        <TextField key="code" label="Enter the 6-digit code from your authenticator app" name="totp-code" inputMode="numeric"
          autoComplete="one-time-code" maxLength={7} autoFocus value={value} onChange={(e) => setValue(e.target.value)} errors={fieldErrors} />
      )}
      <button type="submit" className="primary wide" disabled={busy || expired}>Verify</button>
      <div className="auth-switch">
        <button type="button" className="link" onClick={() => { setRecovery(!recovery); setValue(""); setError(null); }}>
          {recovery ? "Use a code from the app instead" : "Use a recovery code instead"}
        </button>
        {" · "}
        <button type="button" className="link" onClick={onCancel}>Back to sign in</button>
      </div>
    </form>
  );
}

function RequiredEnrolment({ challenge, onSignedIn, onCancel }: { challenge: string; onSignedIn: (me: MeDto) => void; onCancel: () => void }) {
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [done, setDone] = useState<{ me: MeDto; codes: string[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.requiredTwoFactorSetup(challenge).then(setSetup, setError);
  }, [challenge]);

  return (
    <div className="auth-card" role="group" aria-label="Set up two-factor authentication">
      <div className="auth-logo" aria-hidden="true">P</div>
      <h1>Set up two-factor authentication</h1>
      {!done && <p className="auth-note">This server requires a code from an authenticator app at every sign-in.</p>}
      {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
      {done ? (
        <RecoveryCodeList codes={done.codes} doneLabel="I saved them, continue" onDone={() => onSignedIn(done.me)} />
      ) : setup ? (
        <TwoFactorEnrolment setup={setup} onCancel={onCancel} onConfirm={async (code) => {
          const { recoveryCodes, ...me } = await api.confirmRequiredTwoFactor(challenge, code);
          setDone({ me, codes: recoveryCodes });
        }} />
      ) : error === null ? <p className="muted">Loading…</p> : (
        <button type="button" className="link" onClick={onCancel}>Back to sign in</button>
      )}
    </div>
  );
}
