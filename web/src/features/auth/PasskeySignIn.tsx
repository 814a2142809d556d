import { useState } from "react";
import { api, errorText } from "../../api/client";
import type { MeDto } from "../../api/types";
import { browserRefusalText, credentialJson, passkeysSupported, requestOptions } from "../security/webauthn";

/** "Sign in with a passkey": the browser offers the passkeys it holds for this site; nothing to type. */
export function PasskeySignIn({ onSignedIn }: { onSignedIn: (me: MeDto) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!passkeysSupported()) return null;

  async function signIn() {
    setBusy(true);
    setError(null);
    try {
      const { token, options } = await api.passkeySignInOptions();
      const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
      if (!credential) throw new DOMException("No passkey was chosen.", "NotAllowedError");
      onSignedIn(await api.passkeySignIn(token, credentialJson(credential as PublicKeyCredential)));
    } catch (e) {
      setError(browserRefusalText(e) ?? errorText(e));
      setBusy(false);
    }
  }

  return (
    <div className="passkey-sign-in">
      {error && <div role="alert" className="alert" data-testid="passkey-error">{error}</div>}
      <button type="button" className="wide" disabled={busy} onClick={() => void signIn()}>Sign in with a passkey</button>
    </div>
  );
}
