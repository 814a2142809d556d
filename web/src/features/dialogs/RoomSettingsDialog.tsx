import { useState, type FormEvent } from "react";
import { ApiError, errorText } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { PictureField } from "../../components/PictureField";
import { TextField } from "../../components/TextField";
import { useChat, useChatStore } from "../chat/useChat";
import type { RoomChange } from "../../api/types";
import { RoomModerationFields, type RoomModerationValues } from "../moderation/RoomModerationFields";
import { Tabs } from "../../components/Tabs";
import { BannedList } from "../moderation/BannedList";
import { useRoomPermissions } from "../moderation/useRoomPermissions";

type Section = "settings" | "bans";
const SECTIONS: { key: Section; label: string }[] = [{ key: "settings", label: "Settings" }, { key: "bans", label: "Banned people" }];

/**
 * The owner or a moderator (EditRoom) renames the room, sets its topic, read-only, slow mode and who may invite (PATCH /api/rooms/{id}); only what changed is sent. The icon is
 * cropped square and saved at once (PUT /api/rooms/{id}/icon). Those who may ban (BanMember) get a second tab: the bans in force, to lift.
 */
export function RoomSettingsDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const store = useChatStore();
  const room = useChat().summaries[roomId]?.room;
  const mayBan = useRoomPermissions(roomId).can("BanMember");
  const [section, setSection] = useState<Section>("settings");
  const [name, setName] = useState(room?.name ?? "");
  const [topic, setTopic] = useState(room?.topic ?? "");
  const [wildcards, setWildcards] = useState<"everyone" | "owners">(room?.wildcardMentions ?? "owners");
  const initialModeration: RoomModerationValues = {
    readOnly: room?.readOnly ?? false, slowModeSeconds: room?.slowModeSeconds ?? 0, invitePolicy: room?.invitePolicy ?? "members",
    membersMayPin: room?.membersMayPin ?? false,
  };
  const [moderation, setModeration] = useState(initialModeration);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = (f: string) => (error instanceof ApiError ? error.fieldErrors(f) : []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!room) return onClose();
    const change: RoomChange = {};
    if (name.trim() !== room.name) change.name = name.trim();
    if (topic.trim() !== room.topic) change.topic = topic.trim();
    if (wildcards !== (room.wildcardMentions ?? "owners")) change.wildcardMentions = wildcards;
    if (moderation.readOnly !== initialModeration.readOnly) change.readOnly = moderation.readOnly;
    if (moderation.slowModeSeconds !== initialModeration.slowModeSeconds) change.slowModeSeconds = moderation.slowModeSeconds;
    if (moderation.invitePolicy !== initialModeration.invitePolicy) change.invitePolicy = moderation.invitePolicy;
    if (moderation.membersMayPin !== initialModeration.membersMayPin) change.membersMayPin = moderation.membersMayPin ?? false;
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

  const settingsForm = (
    <form className="dialog-body" onSubmit={submit} noValidate hidden={section !== "settings"}>
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
      <RoomModerationFields values={moderation} onChange={setModeration} />
      <div className="dialog-footer">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="submit" className="primary" disabled={busy || !name.trim()}>Save</button>
      </div>
    </form>
  );

  return (
    <Dialog label="Room settings" onClose={onClose}>
      {mayBan ? (
        <Tabs label="Room settings sections" idPrefix="room-settings" tabs={SECTIONS} current={section} onSelect={setSection}>
          {settingsForm}
          {section === "bans" && <div className="dialog-body"><BannedList roomId={roomId} /></div>}
        </Tabs>
      ) : settingsForm}
    </Dialog>
  );
}
