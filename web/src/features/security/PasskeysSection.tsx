import { useEffect, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import type { PasskeyDto } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { RelativeTime } from "../../components/RelativeTime";
import { TextField } from "../../components/TextField";
import { exactTime } from "../../lib/days";
import { browserRefusalText, creationOptions, credentialJson, passkeysSupported } from "./webauthn";

/** Passkeys: the account's list (name, added, last used), add one on this device, rename, remove. */
export function PasskeysSection() {
  const [passkeys, setPasskeys] = useState<PasskeyDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PasskeyDto | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);

  useEffect(() => {
    api.passkeys().then(setPasskeys, (e) => setError(errorText(e)));
  }, []);

  async function remove(passkey: PasskeyDto) {
    setError(null);
    try {
      await api.removePasskey(passkey.id);
      setPasskeys((list) => list?.filter((p) => p.id !== passkey.id) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const replace = (passkey: PasskeyDto) => setPasskeys((list) => list?.map((p) => (p.id === passkey.id ? passkey : p)) ?? null);

  return (
    <section aria-labelledby="passkeys-heading" className="passkeys-section">
      <h3 id="passkeys-heading">Passkeys</h3>
      <p className="muted">Sign in with your fingerprint, face or device PIN instead of your password.</p>
      {error && <div role="alert" className="alert">{error}</div>}
      {passkeys === null ? <p className="muted">Loading…</p> : passkeys.length === 0 ? <p className="muted">No passkeys yet.</p> : (
        <ul className="passkey-list" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <li key={p.id}>
              {renaming === p.id ? (
                <RenamePasskeyForm passkey={p} onDone={(renamed) => {
                  if (renamed) replace(renamed);
                  setRenaming(null);
                }} />
              ) : (
                <>
                  <div className="passkey-about">
                    <strong className="passkey-name">{p.name}</strong>
                    <small className="muted">
                      Added <time dateTime={p.createdAt} title={exactTime(p.createdAt)}>{new Date(p.createdAt).toLocaleDateString()}</time>
                      {" · "}
                      {p.lastUsedAt ? <>Last used <RelativeTime iso={p.lastUsedAt} /></> : "Never used"}
                    </small>
                  </div>
                  <button type="button" onClick={() => setRenaming(p.id)} aria-label={`Rename ${p.name}`}>Rename</button>
                  <button type="button" className="danger" onClick={() => setRemoving(p)} aria-label={`Remove ${p.name}`}>Remove</button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {passkeysSupported()
        ? <AddPasskeyForm onAdded={(p) => setPasskeys((list) => [...(list ?? []), p])} />
        : <p className="muted">This browser can't make passkeys (they need a recent browser, on https or localhost).</p>}
      {removing && (
        <ConfirmDialog label="Remove passkey" confirm="Remove" onClose={() => setRemoving(null)} onConfirm={() => void remove(removing)}
          text={`Remove the passkey "${removing.name}"? You won't be able to sign in with it any more; it stays on the device until you delete it there.`} />
      )}
    </section>
  );
}

/** Names the new passkey, then lets the browser make it (the device asks for a fingerprint, face or PIN). */
function AddPasskeyForm({ onAdded }: { onAdded: (passkey: PasskeyDto) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const nameErrors = error instanceof ApiError ? error.fieldErrors("name") : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { token, options } = await api.passkeyOptions();
      const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
      if (!credential) throw new DOMException("No passkey was made.", "NotAllowedError");
      onAdded(await api.addPasskey(token, name.trim(), credentialJson(credential as PublicKeyCredential)));
      setName("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="passkey-add" onSubmit={submit} noValidate>
      {error !== null && nameErrors.length === 0 && <div role="alert" className="alert">{browserRefusalText(error) ?? errorText(error)}</div>}
      <TextField label="Passkey name" value={name} maxLength={64} placeholder="e.g. Work laptop" hint="So you can tell your passkeys apart."
        onChange={(e) => setName(e.target.value)} errors={nameErrors} />
      <button type="submit" className="primary" disabled={busy}>Add a passkey</button>
    </form>
  );
}

function RenamePasskeyForm({ passkey, onDone }: { passkey: PasskeyDto; onDone: (renamed: PasskeyDto | null) => void }) {
  const [name, setName] = useState(passkey.name);
  const [error, setError] = useState<unknown>(null);
  const nameErrors = error instanceof ApiError ? error.fieldErrors("name") : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      onDone(await api.renamePasskey(passkey.id, name.trim()));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="passkey-rename" onSubmit={submit} noValidate>
      {error !== null && nameErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
      <TextField label="New name" value={name} maxLength={64} autoFocus onChange={(e) => setName(e.target.value)} errors={nameErrors} />
      <div className="passkey-actions">
        <button type="button" onClick={() => onDone(null)}>Cancel</button>
        <button type="submit" className="primary">Save</button>
      </div>
    </form>
  );
}
