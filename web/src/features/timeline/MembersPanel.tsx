import { useState } from "react";
import { Icon } from "../../components/Icon";
import { errorText } from "../../api/client";
import { PersonAvatar } from "../presence/PersonAvatar";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { MemberModerationMenu } from "../moderation/MemberModerationMenu";

const ROLE_LABEL = { owner: "Owner", moderator: "Moderator", member: "Member" } as const;

interface Props {
  roomId: string;
  direct: boolean;
  onClose: () => void;
  onShowProfile: (userId: string) => void;
}

export function MembersPanel({ roomId, direct, onClose, onShowProfile }: Props) {
  const store = useChatStore();
  const [error, setError] = useState<string | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const detail = useChatSelector((s) => s.details[roomId]);
  const summary = useChatSelector((s) => s.summaries[roomId]);
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
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
        <h2>Members{detail ? <span className="count"> · {detail.members.length}</span> : null}</h2>
        <button type="button" className="icon-button" aria-label="Hide member list" onClick={onClose}><Icon name="close" /></button>
      </header>
      {error && <div role="alert" className="alert">{error}</div>}
      {!detail ? <p className="muted">Loading…</p> : (
        <ul>
          {detail.members.map((m) => (
            <li key={m.userId} className="member-row">
              <button type="button" className="member" onClick={() => onShowProfile(m.userId)}>
                <PersonAvatar userId={m.userId} name={m.displayName} url={m.avatarUrl} size="md" />
                <span className="member-text">
                  <span className="member-name">
                    <span className="member-display">{m.displayName}</span>
                    {m.userId === meId && <span className="member-you">(you)</span>}
                  </span>
                  <span className="member-sub">{users[m.userId]?.statusText || `@${m.userName}`}</span>
                </span>
                {!direct && <span className={`role role-${m.role}`}>{ROLE_LABEL[m.role] ?? "Member"}</span>}
              </button>
              {!direct && <MemberModerationMenu roomId={roomId} userId={m.userId} name={m.displayName} />}
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
