import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { MessageDto } from "../../api/types";
import { RelativeTime } from "../../components/RelativeTime";
import { plainPreview } from "../../lib/markdown";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { useSession } from "../chat/session";
import { isThreadOnly } from "../../lib/timeline";
import { HubEvents } from "../../realtime/events";
import type { MessagePinnedEvent } from "../../api/types";

interface Props {
  roomId: string;
  canPin: boolean;
  onClose: () => void;
}

/**
 * The conversation's pinned messages (GET …/pins), newest pin first. Reloaded whenever a pin changes in the held
 * timeline (an event, catch-up, a deletion) or a MessagePinned event comes for any message; a click jumps to it.
 */
export function PinnedPanel({ roomId, canPin, onClose }: Props) {
  const store = useChatStore();
  const { threads } = useSession();
  const users = useChatSelector((s) => s.users);
  // A fingerprint of the pins the timeline holds: a pin or unpin there reloads the list.
  const held = useChatSelector((s) => (s.timelines[roomId]?.messages ?? []).filter((m) => m.pinned).map((m) => `${m.id}@${m.rev}`).join(","));
  // A pin or unpin of a message the timeline doesn't hold (far back) reloads it too.
  const [pinEvents, setPinEvents] = useState(0);
  useEffect(() => store.onHub<MessagePinnedEvent>(HubEvents.MessagePinned, (e) => {
    if (e.roomId === roomId) setPinEvents((n) => n + 1);
  }), [store, roomId]);
  const [pins, setPins] = useState<MessageDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.pins(roomId).then((list) => {
      if (!live) return;
      for (const m of list) store.ensureUser(m.senderId);
      setPins(list);
      setError(null);
    }, (e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [roomId, held, pinEvents, store]);

  return (
    <aside className="members-panel pinned-panel" aria-label="Pinned messages">
      <header>
        <h2>Pinned{pins ? <span className="count"> · {pins.length}</span> : null}</h2>
        <button type="button" className="icon-button" aria-label="Close pinned messages" onClick={onClose}>×</button>
      </header>
      {error && <div role="alert" className="alert">{error}</div>}
      <ul className="pinned-list" aria-busy={pins === null}>
        {(pins ?? []).map((m) => (
          <li key={m.id} className="pinned-item">
            <button type="button" className="mention-item" onClick={() => void (isThreadOnly(m) ? threads.openThread(m, true) : store.jumpTo(roomId, m.id, m.seq))}>
              <span className="mention-item-head">
                <strong>{users[m.senderId]?.displayName ?? "…"}</strong>
                <span className="muted"> · </span>
                <RelativeTime iso={m.createdAt} className="muted" />
              </span>
              <span className="mention-item-text">{plainPreview(m.text, 200) || "Attachment"}</span>
              {m.pinned && <span className="muted pinned-by">Pinned by {users[m.pinned.pinnedBy]?.displayName ?? "…"}</span>}
            </button>
            {canPin && <button type="button" className="link" onClick={() => void store.setPinned(m.id, false)}>Unpin</button>}
          </li>
        ))}
        {pins !== null && pins.length === 0 && <li className="muted">No pinned messages yet.</li>}
      </ul>
    </aside>
  );
}
