import { useEffect, useId, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import type { CustomEmojiPolicy, RegistrationMode, ServerSettingsDto } from "../../api/types";
import { FieldError } from "../../components/FieldError";
import { TextField } from "../../components/TextField";

const MB = 1024 * 1024;

/** What changed between the loaded settings and the form (PATCH sends only that). */
export function settingsChange(before: ServerSettingsDto, after: ServerSettingsDto): Partial<ServerSettingsDto> {
  const change: Partial<ServerSettingsDto> = {};
  for (const k of Object.keys(after) as (keyof ServerSettingsDto)[]) {
    if (after[k] !== before[k]) (change as Record<string, unknown>)[k] = after[k];
  }
  return change;
}

/** Server settings (ManageServer): applied on every node without a restart. */
export function ServerSettingsTab() {
  const [saved, setSaved] = useState<ServerSettingsDto | null>(null);
  const [form, setForm] = useState<ServerSettingsDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    api.adminSettings().then((s) => {
      setSaved(s);
      setForm(s);
    }, setError);
  }, []);

  if (!form || !saved) return error ? <div role="alert" className="alert">{errorText(error)}</div> : <p className="muted">Loading…</p>;
  const set = (patch: Partial<ServerSettingsDto>) => {
    setForm({ ...form, ...patch });
    setStatus("");
  };
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const change = settingsChange(saved!, form!);
    if (Object.keys(change).length === 0) return setStatus("Nothing to save.");
    setBusy(true);
    setError(null);
    try {
      const next = await api.updateAdminSettings(change);
      setSaved(next);
      setForm(next);
      setStatus("Saved.");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Server settings" className="admin-section">
      <form onSubmit={submit} noValidate className="admin-form">
        {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Server name" value={form.name} maxLength={80} onChange={(e) => set({ name: e.target.value })} errors={fieldErrors("name")} />
        <fieldset className="field radio-group">
          <legend>Registration</legend>
          {([
            ["open", "Open", "Anyone who reaches the server can create an account."],
            ["invite", "Invite only", "An invite link is needed to create an account."],
            ["closed", "Closed", "Only admins create accounts."],
          ] as [RegistrationMode, string, string][]).map(([value, label, hint]) => (
            <label key={value} className="radio">
              <input type="radio" name={`${id}-registration`} value={value} checked={form.registrationMode === value}
                onChange={() => set({ registrationMode: value })} />
              <span>{label}</span> <small>{hint}</small>
            </label>
          ))}
        </fieldset>
        <TextField label="Largest upload (MB)" type="number" min={1} step={1} value={Math.round(form.maxUploadBytes / MB)}
          onChange={(e) => set({ maxUploadBytes: Math.max(1, Number(e.target.value)) * MB })} errors={fieldErrors("maxUploadBytes")} />
        <TextField label="Longest message (characters)" type="number" min={1} step={1} value={form.maxMessageLength}
          onChange={(e) => set({ maxMessageLength: Number(e.target.value) })} errors={fieldErrors("maxMessageLength")} />
        <div className="field">
          <label htmlFor={`${id}-level`}>Default notifications for rooms</label>
          <select id={`${id}-level`} value={form.defaultNotificationLevel}
            onChange={(e) => set({ defaultNotificationLevel: e.target.value as ServerSettingsDto["defaultNotificationLevel"] })}>
            <option value="all">All messages</option>
            <option value="mentions">Mentions only</option>
            <option value="none">Nothing</option>
          </select>
        </div>
        <fieldset className="field radio-group">
          <legend>Who may add custom emoji</legend>
          {([
            ["admins", "Admins", "Admins and the owner (everyone may use them)."],
            ["everyone", "Everyone", "Every member; guests never. Admins may remove anyone's."],
          ] as [CustomEmojiPolicy, string, string][]).map(([value, label, hint]) => (
            <label key={value} className="radio">
              <input type="radio" name={`${id}-custom-emoji`} value={value} checked={form.customEmoji === value}
                onChange={() => set({ customEmoji: value })} />
              <span>{label}</span> <small>{hint}</small>
            </label>
          ))}
          <FieldError id={`${id}-custom-emoji-err`} messages={fieldErrors("customEmoji")} />
        </fieldset>
        <div className="field">
          <label className="radio">
            <input type="checkbox" checked={form.requireTwoFactor ?? false} onChange={(e) => set({ requireTwoFactor: e.target.checked })}
              aria-describedby={`${id}-2fa-hint`} />
            <span>Require two-factor authentication</span>
          </label>
          <small id={`${id}-2fa-hint`} className="hint">
            Everyone signs in with a code from an authenticator app; people without one set it up at their next sign-in.
            Those signed in now stay signed in.
          </small>
        </div>
        <div className="dialog-footer">
          <span role="status" className="muted">{status}</span>
          <button type="submit" className="primary" disabled={busy}>Save settings</button>
        </div>
      </form>
    </section>
  );
}
