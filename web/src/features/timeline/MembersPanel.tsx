import { useState } from "react";
import { errorText } from "../../api/client";
import { Avatar } from "../../components/Avatar";
import { useChat, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import { ConfirmDialog } from "../../components/ConfirmDialog";

interface Props {
  roomId: string;
  direct: boolean;
  onClose: () => void;
  onShowProfile: (userId: string) => void;
}

export function MembersPanel({ roomId, direct, onClose, onShowProfile }: Props) {
  const state = useChat();
  const store = useChatStore();
  const [error, setError] = useState<string | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const detail = state.details[roomId];
  const summary = state.summaries[roomId];
  const canLeave = summary && summary.room.kind !== "dm";

  async function leave() {
    try {
      await store.leaveRoom(roomId);
      navigateToRoom(null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <aside className="members-panel" aria-label="Members">
      <header>
        <h2>Members</h2>
        <button type="button" className="icon-button" aria-label="Hide member list" onClick={onClose}>✕</button>
      </header>
      {error && <div role="alert" className="alert">{error}</div>}
      {!detail ? <p className="muted">Loading…</p> : (
        <ul>
          {detail.members.map((m) => (
            <li key={m.userId}>
              <button type="button" className="member" onClick={() => onShowProfile(m.userId)}>
                <Avatar userId={m.userId} name={m.displayName} size="sm" />
                <span className="member-name">{m.displayName}{m.userId === state.me.id ? " (you)" : ""}</span>
                {m.role === "owner" && !direct && <span className="tag">owner</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <footer>
        {canLeave && <button type="button" className="danger" onClick={() => setConfirmLeave(true)}>Leave</button>}
      </footer>
      {confirmLeave && (
        <ConfirmDialog label="Leave conversation" text="Leave this conversation? You can join public rooms again later."
          confirm="Leave" onClose={() => setConfirmLeave(false)} onConfirm={() => void leave()} />
      )}
    </aside>
  );
}
