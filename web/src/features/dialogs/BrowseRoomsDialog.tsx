import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { PublicRoom } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";

export function BrowseRoomsDialog({ onClose }: { onClose: () => void }) {
  const store = useChatStore();
  const [query, setQuery] = useState("");
  const [rooms, setRooms] = useState<PublicRoom[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const t = setTimeout(() => {
      api.publicRooms(query.trim())
        .then((r) => !cancelled && (setRooms(r), setError(null)))
        .catch((e) => !cancelled && setError(errorText(e)));
    }, query ? 200 : 0);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [query]);

  async function join(r: PublicRoom) {
    try {
      if (!r.joined) await store.joinRoom(r.room.id);
      onClose();
      navigateToRoom(r.room.id);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Dialog label="Browse rooms" onClose={onClose} className="wide">
      <div className="dialog-body">
        <input type="search" aria-label="Search rooms" placeholder="Search rooms by name or topic" value={query}
          onChange={(e) => setQuery(e.target.value)} autoFocus />
        {error && <div role="alert" className="alert">{error}</div>}
        <ul className="room-directory" aria-label="Public rooms">
          {rooms?.map((r) => (
            <li key={r.room.id}>
              <div className="directory-info">
                <strong># {r.room.name}</strong>
                <small>{r.memberCount} member{r.memberCount === 1 ? "" : "s"}{r.room.topic ? ` · ${r.room.topic}` : ""}</small>
              </div>
              {r.joined ? (
                <button type="button" onClick={() => join(r)} aria-label={`Open ${r.room.name}`}>Open</button>
              ) : (
                <button type="button" className="primary" onClick={() => join(r)}>Join</button>
              )}
            </li>
          ))}
          {rooms && rooms.length === 0 && <li className="muted">No public rooms match.</li>}
          {!rooms && !error && <li className="muted">Loading…</li>}
        </ul>
      </div>
    </Dialog>
  );
}
