import { useEffect, useMemo } from "react";
import { api } from "../../api/client";
import type { PresenceStatus } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { useStore } from "../../lib/store";
import { useChat } from "../chat/useChat";
import { useSession } from "../chat/session";
import { PersonAvatar } from "./PersonAvatar";
import { PRESENCE_LABEL } from "./PresenceDot";

const ORDER: PresenceStatus[] = ["online", "away", "dnd", "offline"];
const MAX_ROOMS = 30;

/** "Who's online": everyone you can see (people you share a conversation with, and friends), grouped by status. */
export function PeopleDialog({ onClose, onShowProfile }: { onClose: () => void; onShowProfile: (userId: string) => void }) {
  const { presence, friends, chat } = useSession();
  const state = useChat();
  const byUser = useStore(presence, (s) => s.byUser);
  const friendList = useStore(friends, (s) => s.friends);

  // Rooms' member lists are loaded when a room is opened: fetch the rest once, so everyone you share a room with shows.
  useEffect(() => {
    const rooms = Object.values(chat.getState().summaries).filter((s) => !s.members && !chat.getState().details[s.room.id]).slice(0, MAX_ROOMS);
    let cancelled = false;
    void Promise.all(rooms.map((s) => api.members(s.room.id).catch(() => []))).then((lists) => {
      if (cancelled) return;
      const users = lists.flat().map((m) => ({ id: m.userId, userName: m.userName, displayName: m.displayName, statusText: "", bio: "", timeZone: "", avatarUrl: m.avatarUrl }));
      chat.rememberUsers(users.filter((u) => !chat.getState().users[u.id]));
      presence.track(users.map((u) => u.id));
    });
    return () => {
      cancelled = true;
    };
  }, [chat, presence]);

  const groups = useMemo(() => {
    const people = new Map<string, { id: string; name: string; userName: string; avatarUrl: string | null | undefined }>();
    for (const u of Object.values(state.users)) if (u.userName) people.set(u.id, { id: u.id, name: u.displayName, userName: u.userName, avatarUrl: u.avatarUrl });
    for (const f of friendList) people.set(f.user.id, { id: f.user.id, name: f.user.displayName, userName: f.user.userName, avatarUrl: f.user.avatarUrl });
    people.delete(state.me.id);
    const out = new Map<PresenceStatus, typeof list>();
    const list = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const p of list) {
      const status = byUser[p.id]?.status;
      if (!status) continue; // not visible to you (the server only tells people who share a conversation, and friends)
      out.set(status, [...(out.get(status) ?? []), p]);
    }
    return out;
  }, [state.users, state.me.id, friendList, byUser]);

  return (
    <Dialog label="Who's online" onClose={onClose} className="people-dialog">
      <div className="dialog-body">
        {ORDER.map((status) => {
          const list = groups.get(status) ?? [];
          if (list.length === 0) return null;
          return (
            <section key={status} aria-labelledby={`people-${status}`}>
              <h3 id={`people-${status}`}>{PRESENCE_LABEL[status]} <span className="count">{list.length}</span></h3>
              <ul className="people-list" aria-label={PRESENCE_LABEL[status]}>
                {list.map((p) => (
                  <li key={p.id}>
                    <button type="button" className="person-main" onClick={() => onShowProfile(p.id)}>
                      <PersonAvatar userId={p.id} name={p.name} url={p.avatarUrl} size="sm" decorative />
                      <span className="person-text"><span className="person-name">{p.name}</span><small>@{p.userName}</small></span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
        {groups.size === 0 && <p className="muted">Nobody to show yet.</p>}
      </div>
    </Dialog>
  );
}
