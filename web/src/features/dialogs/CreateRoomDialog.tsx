import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { FieldError } from "../../components/FieldError";
import { TextField } from "../../components/TextField";
import { useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";

export function CreateRoomDialog({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const [name, setName] = useState("");
  const [topic, setTopic] = useState("");
  const [visibility, setVisibility] = useState<"public" | "private">("public");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const room = await store.createRoom(name.trim(), topic.trim(), visibility);
      onClose();
      navigateToRoom(room.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog label="Create room" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus
          placeholder="e.g. design-team" errors={fieldErrors("name")} />
        <TextField label="Topic" value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={250}
          placeholder="What is it about? (optional)" errors={fieldErrors("topic")} />
        <fieldset className="field radio-group">
          <legend>Visibility</legend>
          <label className="radio">
            <input type="radio" name="visibility" value="public" checked={visibility === "public"} onChange={() => setVisibility("public")} />
            <span>Public</span> <small>Anyone can find and join it.</small>
          </label>
          <label className="radio">
            <input type="radio" name="visibility" value="private" checked={visibility === "private"} onChange={() => setVisibility("private")} />
            <span>Private</span> <small>Only people you invite.</small>
          </label>
          <FieldError id="err-room-visibility" messages={fieldErrors("visibility")} />
        </fieldset>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>Create</button>
        </div>
      </form>
    </Dialog>
  );
}
