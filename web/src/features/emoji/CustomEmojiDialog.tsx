import { useEffect, useId, useState, type FormEvent } from "react";
import { api, ApiError, errorText } from "../../api/client";
import type { CustomEmojiDto, CustomEmojiPolicy } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { FieldError } from "../../components/FieldError";
import { TextField } from "../../components/TextField";
import { useStore } from "../../lib/store";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { useSession } from "../chat/session";
import { allows, mayAddCustomEmoji, serverRoleOf } from "../moderation/permissions";

/** What a name may be: the server's rule (CustomEmoji/EmojiNames.cs), so the form says it before sending. */
export function customEmojiNameProblem(name: string, standard: ReadonlyMap<string, string>): string | null {
  if (name.length < 2 || name.length > 32) return "The name must be 2 to 32 characters.";
  if (!/^[a-z0-9_+-]+$/.test(name)) return "Use only lower-case letters, digits, _, + and -.";
  return standard.has(name) ? `:${name}: is a standard emoji's name already.` : null;
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** As typed: lower case, spaces as underscores, without the colons someone may put around it. */
export function typedEmojiName(text: string): string {
  return text.toLowerCase().replace(/\s+/g, "_").replace(/^:+|:+$/g, "");
}

/** The server's custom emoji: every one with who added it; adding (who may: the server setting) and removing (its creator, admins). */
export function CustomEmojiDialog({ onClose }: { onClose: () => void }) {
  const { customEmoji } = useSession();
  const list = useStore(customEmoji, (s) => s.list);
  const me = useChatSelector((s) => s.me);
  const role = serverRoleOf(me);
  const [policy, setPolicy] = useState<CustomEmojiPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void customEmoji.load();
    api.server().then((s) => setPolicy(s.customEmoji), (e) => setError(errorText(e)));
  }, [customEmoji]);

  const remove = (name: string) => {
    setError(null);
    customEmoji.remove(name).catch((e) => setError(errorText(e)));
  };

  return (
    <Dialog label="Custom emoji" onClose={onClose} className="wide custom-emoji-dialog">
      <div className="dialog-body">
        {policy !== null && (mayAddCustomEmoji(role, policy)
          ? <AddCustomEmojiForm />
          : <p className="muted">Only admins can add custom emoji on this server.</p>)}
        {error && <div role="alert" className="alert">{error}</div>}
        <h3>On this server</h3>
        <ul className="custom-emoji-list" aria-label="Custom emoji">
          {list.map((e) => (
            <CustomEmojiRow key={e.name} emoji={e} mayRemove={e.createdBy === me.id || allows("ManageCustomEmoji", role)} onRemove={remove} />
          ))}
          {list.length === 0 && <li className="muted">No custom emoji yet.</li>}
        </ul>
      </div>
    </Dialog>
  );
}

function CustomEmojiRow({ emoji, mayRemove, onRemove }: { emoji: CustomEmojiDto; mayRemove: boolean; onRemove: (name: string) => void }) {
  const store = useChatStore();
  const creator = useChatSelector((s) => s.users[emoji.createdBy]?.displayName);
  useEffect(() => store.ensureUser(emoji.createdBy), [store, emoji.createdBy]);
  const code = `:${emoji.name}:`;
  return (
    <li className="person-row custom-emoji-row">
      <img className="emoji" src={emoji.url} alt="" />
      <span className="person-text"><span className="person-name">{code}</span>{creator && <small>Added by {creator}</small>}</span>
      {mayRemove && (
        <span className="person-actions">
          <button type="button" aria-label={`Remove ${code}`} onClick={() => onRemove(emoji.name)}>Remove</button>
        </span>
      )}
    </li>
  );
}

/** Name + picture (with a preview of it); the server draws it again at 128×128 at most. */
function AddCustomEmojiForm() {
  const { customEmoji } = useSession();
  const standard = useChatSelector((s) => s.emoji?.byShortcode ?? NO_NAMES);
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const fileId = useId();
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);
  const nameProblem = name === "" ? null : customEmojiNameProblem(name, standard);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    if (!file || nameProblem) return;
    setBusy(true);
    setError(null);
    setStatus("");
    try {
      const added = await customEmoji.add(name, file);
      setStatus(`Added :${added.name}:.`);
      setName("");
      setFile(null);
      form.reset();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fileErrors = fieldErrors("file");
  return (
    <form className="custom-emoji-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Add custom emoji">
      {error !== null && fieldErrors("name").length + fileErrors.length === 0 && <div role="alert" className="alert">{errorText(error)}</div>}
      <TextField label="Name" value={name} maxLength={32} placeholder="e.g. party_parrot" autoComplete="off"
        hint="People write it as :name: in messages and reactions."
        onChange={(e) => {
          setName(typedEmojiName(e.target.value));
          setStatus("");
        }} errors={nameProblem ? [nameProblem] : fieldErrors("name")} />
      <div className="field">
        <label htmlFor={fileId}>Picture</label>
        <input id={fileId} type="file" accept="image/png,image/jpeg,image/webp,image/gif" aria-invalid={fileErrors.length > 0}
          aria-describedby={`${fileId}-hint${fileErrors.length ? ` ${fileId}-err` : ""}`}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <FieldError id={`${fileId}-err`} messages={fileErrors} />
        <small id={`${fileId}-hint`} className="hint">PNG, JPEG, WebP or GIF (first frame), at most 512 KB; shown at 128×128 at most.</small>
      </div>
      {preview && (
        <div className="custom-emoji-preview" aria-label="Preview">
          <img className="emoji" src={preview} alt={name ? `:${name}:` : "The chosen picture"} />
          <span className="muted">{name ? `:${name}:` : ""}</span>
        </div>
      )}
      <div className="dialog-footer">
        <span role="status" className="muted">{status}</span>
        <button type="submit" className="primary" disabled={busy || !file || name === "" || nameProblem !== null}>Add emoji</button>
      </div>
    </form>
  );
}
