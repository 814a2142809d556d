import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { UserDto } from "../../api/types";
import { PersonAvatar } from "../presence/PersonAvatar";
import { Dialog } from "../../components/Dialog";
import { useChat, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";

interface Props {
  mode: "newMessage" | "invite";
  roomId?: string;
  onClose: () => void;
}

/** "New message" (DM or group DM) and "Invite people": find people by name, tick one or more. */
export function PeoplePickerDialog({ mode, roomId, onClose }: Props) {
  const state = useChat();
  const store = useChatStore();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<UserDto[]>([]);
  const [picked, setPicked] = useState<UserDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const members = new Set(roomId ? state.details[roomId]?.members.map((m) => m.userId) ?? [] : []);

  useEffect(() => {
    let cancelled = false;
    const t = setTimeout(() => {
      api.users(query.trim(), 20)
        .then((list) => !cancelled && setFound(list.filter((u) => u.id !== state.me.id)))
        .catch((e) => !cancelled && setError(errorText(e)));
    }, query ? 150 : 0);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [query, state.me.id]);

  const toggle = (u: UserDto) =>
    setPicked((p) => (p.some((x) => x.id === u.id) ? p.filter((x) => x.id !== u.id) : [...p, u]));

  async function submit() {
    if (picked.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      store.rememberUsers(picked);
      if (mode === "newMessage") {
        const s = await store.openDm(picked.map((u) => u.id));
        onClose();
        navigateToRoom(s.room.id);
      } else if (roomId) {
        await store.invite(roomId, picked.map((u) => u.id));
        onClose();
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  // Picked people stay listed even when the search moves on.
  const list = [...picked, ...found.filter((u) => !picked.some((p) => p.id === u.id))];
  const label = mode === "newMessage" ? "New message" : "Invite people";
  return (
    <Dialog label={label} onClose={onClose}>
      <form className="dialog-body" onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}>
        <input type="search" aria-label="Find people" placeholder="Find people by name" value={query}
          onChange={(e) => setQuery(e.target.value)} autoFocus />
        {error && <div role="alert" className="alert">{error}</div>}
        <ul className="people-list">
          {list.map((u) => {
            const already = members.has(u.id);
            return (
              <li key={u.id}>
                <label className={`person ${already ? "disabled" : ""}`}>
                  <input type="checkbox" checked={already || picked.some((p) => p.id === u.id)} disabled={already}
                    // With the username: two people may share a display name.
                    onChange={() => toggle(u)} aria-label={`${u.displayName} @${u.userName}`} />
                  <PersonAvatar userId={u.id} name={u.displayName} url={u.avatarUrl} size="sm" decorative />
                  <span className="person-name" aria-hidden="true">{u.displayName}</span>
                  <small aria-hidden="true">@{u.userName}{already ? " · already a member" : ""}</small>
                </label>
              </li>
            );
          })}
          {list.length === 0 && <li className="muted">Nobody found.</li>}
        </ul>
        <div className="dialog-footer">
          <span className="muted">{picked.length ? `${picked.length} selected` : mode === "newMessage" ? "Pick one person for a DM, several for a group." : ""}</span>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || picked.length === 0}>{mode === "newMessage" ? "Start" : "Invite"}</button>
        </div>
      </form>
    </Dialog>
  );
}
