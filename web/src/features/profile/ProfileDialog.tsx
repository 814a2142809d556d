import { useId, useMemo, useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import type { UpdateMeRequest } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { Dialog } from "../../components/Dialog";
import { FieldError } from "../../components/FieldError";
import { PictureField } from "../../components/PictureField";
import { TextField } from "../../components/TextField";
import { browserTimeZone, timeZoneList, zoneLabel } from "../../lib/timeZones";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { CloseAccountDialog } from "./CloseAccountDialog";
import { CLEAR_AFTER, statusExpiresAt, type ClearAfter } from "../../lib/statusExpiry";

const BIO_MAX = 500;

/** Your picture (cropped square, saved at once), display name, status, bio and time zone; closing the account. */
export function ProfileDialog({ onClose }: { onClose: () => void }) {
  const me = useChatSelector((s) => s.me);
  const store = useChatStore();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [statusText, setStatusText] = useState(me.statusText);
  const [clearAfter, setClearAfter] = useState<ClearAfter | "">("");
  const [bio, setBio] = useState(me.bio ?? "");
  // Not chosen yet: the browser's own zone is offered (saved with the rest).
  const [timeZone, setTimeZone] = useState(me.timeZone || browserTimeZone());
  const zones = useMemo(() => timeZoneList([me.timeZone, browserTimeZone()]), [me.timeZone]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);
  const bioId = useId();
  const clearId = useId();
  const zoneId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const change: UpdateMeRequest = {};
    if (displayName.trim() !== me.displayName) change.displayName = displayName.trim();
    if (statusText.trim() !== me.statusText || clearAfter !== "") {
      change.statusText = statusText.trim();
      if (change.statusText) change.statusExpiresAt = statusExpiresAt(clearAfter || "never");
    }
    if (bio.trim() !== (me.bio ?? "")) change.bio = bio.trim();
    if (timeZone !== (me.timeZone ?? "")) change.timeZone = timeZone;
    if (Object.keys(change).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      await store.updateMe(change);
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = error instanceof ApiError && ["displayName", "statusText", "bio", "timeZone"].some((f) => fieldErrors(f).length > 0);
  return (
    <Dialog label="Profile" onClose={onClose} className="profile-dialog">
      <form className="dialog-body" onSubmit={submit} noValidate>
        <PictureField
          what="picture"
          hasPicture={!!me.avatarUrl}
          preview={<Avatar userId={me.id} name={displayName || me.userName} url={me.avatarUrl} size="lg" />}
          onSave={(picture) => store.setAvatar(picture)}
          onRemove={() => store.removeAvatar()}
        >
          <div className="profile-handle"><strong>@{me.userName}</strong><small className="muted"> · member since {new Date(me.createdAt).toLocaleDateString()}</small></div>
        </PictureField>
        {error !== null && !fieldError && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Display name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={64}
          autoFocus errors={fieldErrors("displayName")} />
        <TextField label="Status" value={statusText} onChange={(e) => setStatusText(e.target.value)} maxLength={140}
          placeholder="What are you up to?" errors={fieldErrors("statusText")} />
        <div className="field">
          <label htmlFor={clearId}>Clear after</label>
          <select id={clearId} value={clearAfter} onChange={(e) => setClearAfter(e.target.value as ClearAfter)} aria-describedby={`${clearId}-hint`}
            disabled={!statusText.trim()}>
            {clearAfter === "" && <option value="">{me.statusExpiresAt ? "Keep as set" : "Don't clear"}</option>}
            {CLEAR_AFTER.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
          <small id={`${clearId}-hint`} className="hint">
            {me.statusExpiresAt && me.statusText ? `Your status clears ${new Date(me.statusExpiresAt).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" })}.` : "Your status stays until you change it."}
          </small>
        </div>
        <div className="field">
          <label htmlFor={bioId}>About you</label>
          <textarea id={bioId} rows={2} value={bio} maxLength={BIO_MAX} onChange={(e) => setBio(e.target.value)}
            placeholder="What you work on, what to ask you about…" aria-invalid={fieldErrors("bio").length > 0}
            aria-describedby={`${bioId}-count ${fieldErrors("bio").length ? `${bioId}-err` : ""}`} />
          <FieldError id={`${bioId}-err`} messages={fieldErrors("bio")} />
          <small id={`${bioId}-count`} className="hint">{bio.length} / {BIO_MAX}</small>
        </div>
        <div className="field">
          <label htmlFor={zoneId}>Time zone</label>
          <select id={zoneId} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} aria-invalid={fieldErrors("timeZone").length > 0}
            aria-describedby={`${zoneId}-hint`}>
            <option value="">Don't show my local time</option>
            {zones.map((z) => <option key={z} value={z}>{zoneLabel(z)}</option>)}
          </select>
          <FieldError id={`${zoneId}-err`} messages={fieldErrors("timeZone")} />
          <small id={`${zoneId}-hint`} className="hint">Others see your local time on your profile.</small>
        </div>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Save</button>
        </div>
        <div className="danger-zone">
          <button type="button" className="danger" onClick={() => setClosing(true)}>Close account…</button>
        </div>
      </form>
      {closing && <CloseAccountDialog onClose={() => setClosing(false)} />}
    </Dialog>
  );
}
