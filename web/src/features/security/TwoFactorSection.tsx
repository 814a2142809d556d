import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import type { TwoFactorSetup, TwoFactorStatus } from "../../api/types";
import { TextField } from "../../components/TextField";
import { RecoveryCodeList } from "./RecoveryCodeList";
import { TwoFactorEnrolment } from "./TwoFactorEnrolment";

type Step =
  | { kind: "status" }
  | { kind: "enrolling"; setup: TwoFactorSetup }
  | { kind: "codes"; codes: string[] }
  | { kind: "password"; action: "disable" | "renew" };

/** Two-factor authentication: its status, enrolment, new recovery codes and turning it off. */
export function TwoFactorSection() {
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [step, setStep] = useState<Step>({ kind: "status" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = () => api.twoFactor().then(setStatus, setError);
  useEffect(() => {
    void load();
  }, []);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const back = () => {
    setStep({ kind: "status" });
    setError(null);
    void load();
  };

  let body;
  if (!status) body = error ? null : <p className="muted">Loading…</p>;
  else if (step.kind === "enrolling") {
    body = (
      <TwoFactorEnrolment setup={step.setup} onCancel={back}
        onConfirm={async (code) => setStep({ kind: "codes", codes: (await api.confirmTwoFactor(code)).recoveryCodes })} />
    );
  } else if (step.kind === "codes") body = <RecoveryCodeList codes={step.codes} onDone={back} />;
  else if (step.kind === "password") {
    body = <PasswordStep action={step.action} error={error} busy={busy} onCancel={back}
      onSubmit={(password) => run(async () => {
        if (step.action === "disable") {
          await api.disableTwoFactor(password);
          back();
        } else setStep({ kind: "codes", codes: (await api.renewRecoveryCodes(password)).recoveryCodes });
      })} />;
  } else if (status.enabled) {
    body = (
      <>
        <p><strong>On.</strong> Signing in asks for a code from your authenticator app. {status.recoveryCodesLeft} recovery codes left.</p>
        {status.required && <p className="hint">This server requires two-factor authentication, so it can't be turned off.</p>}
        <div className="actions">
          <button type="button" onClick={() => setStep({ kind: "password", action: "renew" })}>New recovery codes</button>
          {!status.required && <button type="button" className="danger" onClick={() => setStep({ kind: "password", action: "disable" })}>Turn off</button>}
        </div>
      </>
    );
  } else {
    body = (
      <>
        <p>Off. With two-factor authentication, signing in also asks for a code from an app on your phone.</p>
        <div className="actions">
          <button type="button" className="primary" disabled={busy}
            onClick={() => run(async () => setStep({ kind: "enrolling", setup: await api.setUpTwoFactor() }))}>
            Set up two-factor authentication
          </button>
        </div>
      </>
    );
  }

  return (
    <section className="security-section" aria-labelledby="two-factor-heading">
      <h3 id="two-factor-heading">Two-factor authentication</h3>
      {error !== null && step.kind !== "password" && <div role="alert" className="alert">{errorText(error)}</div>}
      {body}
    </section>
  );
}

function PasswordStep({ action, error, busy, onSubmit, onCancel }: {
  action: "disable" | "renew";
  error: unknown;
  busy: boolean;
  onSubmit: (password: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(password);
  };
  const fieldErrors = error instanceof ApiError ? error.fieldErrors("password") : [];
  return (
    <form onSubmit={submit} noValidate aria-label={action === "disable" ? "Turn off two-factor authentication" : "New recovery codes"}>
      <p>{action === "disable" ? "Enter your password to turn two-factor authentication off." : "Enter your password for a new set of recovery codes. The old ones stop working."}</p>
      {error !== null && fieldErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
      <TextField label="Password" name="current-password" type="password" autoComplete="current-password" value={password}
        onChange={(e) => setPassword(e.target.value)} errors={fieldErrors} />
      <div className="dialog-footer">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" className={action === "disable" ? "primary danger-fill" : "primary"} disabled={busy || !password}>
          {action === "disable" ? "Turn off" : "Get new codes"}
        </button>
      </div>
    </form>
  );
}
