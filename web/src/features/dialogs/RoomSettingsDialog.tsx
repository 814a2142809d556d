import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { PictureField } from "../../components/PictureField";
import { TextField } from "../../components/TextField";
import { useChat, useChatStore } from "../chat/useChat";

/**
 * The owner renames the room or sets its topic (PATCH /api/rooms/{id}); only what changed is sent. The icon is
 * cropped square and saved at once (PUT /api/rooms/{id}/icon).
 */
export function RoomSettingsDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const store = useChatStore();
  const room = useChat().summaries[roomId]?.room;
  const [name, setName] = useState(room?.name ?? "");
  const [topic, setTopic] = useState(room?.topic ?? "");
  const [wildcards, setWildcards] = useState<"everyone" | "owners">(room?.wildcardMentions ?? "owners");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!room) return onClose();
    const change: { name?: string; topic?: string; wildcardMentions?: "everyone" | "owners" } = {};
    if (name.trim() !== room.name) change.name = name.trim();
    if (topic.trim() !== room.topic) change.topic = topic.trim();
    if (wildcards !== (room.wildcardMentions ?? "owners")) change.wildcardMentions = wildcards;
    if (Object.keys(change).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      await store.updateRoom(roomId, change);
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog label="Room settings" onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        {room && (
          <PictureField
            what="icon"
            hasPicture={!!room.iconUrl}
            preview={room.iconUrl ? <img src={room.iconUrl} alt="" className="room-icon room-icon-lg" /> : <span className="room-icon room-icon-lg room-icon-empty" aria-hidden="true">#</span>}
            onSave={(picture) => store.setRoomIcon(roomId, picture)}
            onRemove={() => store.setRoomIcon(roomId, null)}
          />
        )}
        {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus
          errors={fieldErrors("name")} />
        <TextField label="Topic" value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={250}
          placeholder="What is it about? (optional)" errors={fieldErrors("topic")} />
        <div className="field">
          <label htmlFor="wildcard-mentions">Who can use @here and @room</label>
          <select id="wildcard-mentions" value={wildcards} onChange={(e) => setWildcards(e.target.value as "everyone" | "owners")}
            aria-describedby="wildcard-hint">
            <option value="owners">Owners only</option>
            <option value="everyone">Everyone</option>
          </select>
          <small id="wildcard-hint" className="hint">Applies once the room has more than 10 members; smaller rooms let everyone.</small>
        </div>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>Save</button>
        </div>
      </form>
    </Dialog>
  );
}
