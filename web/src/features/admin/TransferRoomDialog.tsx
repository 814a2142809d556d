import { useEffect, useId, useState, type FormEvent } from "react";
import { api, errorText } from "../../api/client";
import type { AdminRoomDto, MemberDto } from "../../api/types";
import { Dialog } from "../../components/Dialog";

/** Hands a room to one of its members: they become its owner, the old owner a moderator. */
export function TransferRoomDialog({ room, onClose }: { room: AdminRoomDto; onClose: () => void }) {
  const [members, setMembers] = useState<MemberDto[] | null>(null);
  const [userId, setUserId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    api.members(room.id).then((list) => setMembers(list.filter((m) => m.role !== "owner")), (e) => setError(errorText(e)));
  }, [room.id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!userId) return;
    setBusy(true);
    setError(null);
    try {
      await api.transferRoom(room.id, userId);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Dialog label={`Transfer #${room.name}`} onClose={onClose}>
      <form className="dialog-body" onSubmit={submit} noValidate>
        <p>The new owner must be a member. The current owner becomes a moderator.</p>
        {error && <div role="alert" className="alert">{error}</div>}
        <div className="field">
          <label htmlFor={id}>New owner</label>
          <select id={id} value={userId} disabled={!members} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{members ? "Choose a member" : "Loading…"}</option>
            {members?.map((m) => <option key={m.userId} value={m.userId}>{m.displayName} (@{m.userName})</option>)}
          </select>
        </div>
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !userId}>Transfer</button>
        </div>
      </form>
    </Dialog>
  );
}
