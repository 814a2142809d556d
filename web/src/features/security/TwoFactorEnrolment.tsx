import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import type { TwoFactorSetup } from "../../api/types";
import { TextField } from "../../components/TextField";
import { groupedSecret, sixDigits, svgDataUrl } from "./twoFactorText";

interface Props {
  setup: TwoFactorSetup;
  /** Sends the first code; a refusal is shown under the field. */
  onConfirm: (code: string) => Promise<void>;
  onCancel?: () => void;
}

/** Scan (or type) the secret into an authenticator app, then prove it with a first code. */
export function TwoFactorEnrolment({ setup, onConfirm, onCancel }: Props) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const digits = sixDigits(code);
    if (!digits) return setError(new Error("Enter the 6-digit code from your authenticator app."));
    setBusy(true);
    setError(null);
    try {
      await onConfirm(digits);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const codeErrors = error instanceof ApiError ? error.fieldErrors("code") : error instanceof Error ? [error.message] : [];
  return (
    <form className="two-factor-enrolment" onSubmit={submit} noValidate aria-label="Set up two-factor authentication">
      <p>Scan this QR code with your authenticator app (such as Aegis, Google Authenticator or 1Password).</p>
      <img className="two-factor-qr" src={svgDataUrl(setup.qrSvg)} alt="QR code for your authenticator app" width={200} height={200} />
      <p className="hint">Can't scan it? Enter this key in the app instead:</p>
      <code className="two-factor-secret" data-testid="totp-secret" aria-label="Secret key">{groupedSecret(setup.secret)}</code>
      {error !== null && codeErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
      <TextField label="Code from the app" name="totp-code" inputMode="numeric" autoComplete="one-time-code" maxLength={7}
        value={code} onChange={(e) => setCode(e.target.value)} errors={codeErrors} />
      <div className="dialog-footer">
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
        <button type="submit" className="primary" disabled={busy}>Turn on</button>
      </div>
    </form>
  );
}
