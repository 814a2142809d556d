import { useId, useState, type FormEvent } from "react";
import { api, errorText } from "../../api/client";
import type { InviteLinkDto } from "../../api/types";
import { durationLabel, expiryFrom } from "../moderation/durations";

const EXPIRY_CHOICES = [86_400, 7 * 86_400, 30 * 86_400, null] as const;

/** A new invite link: how long it lasts and how many may use it. */
export function CreateInviteForm({ onCreated }: { onCreated: (invite: InviteLinkDto) => void }) {
  const [expiry, setExpiry] = useState(String(7 * 86_400));
  const [maxUses, setMaxUses] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const uses = maxUses.trim() ? Math.max(1, Math.floor(Number(maxUses))) : null;
      onCreated(await api.createInvite(expiryFrom(expiry ? Number(expiry) : null), uses));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-toolbar" onSubmit={submit} noValidate aria-label="Create invite link">
      <div className="field">
        <label htmlFor={`${id}-expiry`}>Expires after</label>
        <select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {EXPIRY_CHOICES.map((s) => <option key={s ?? "never"} value={s ?? ""}>{s === null ? "Never" : durationLabel(s)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-uses`}>Most uses</label>
        <input id={`${id}-uses`} type="number" min={1} step={1} value={maxUses} placeholder="No limit" onChange={(e) => setMaxUses(e.target.value)} />
      </div>
      <button type="submit" className="primary" disabled={busy}>Create invite link</button>
      {error && <div role="alert" className="alert">{error}</div>}
    </form>
  );
}
