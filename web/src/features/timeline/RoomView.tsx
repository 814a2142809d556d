import { memo, useCallback, useMemo, useState } from "react";
import type { MessageDto, RoomSummary } from "../../api/types";
import { conversationTitle, isDirect } from "../../lib/names";
import { useChatSelector, useChatStore } from "../chat/useChat";
import type { OpenDialog } from "../dialogs/DialogHost";
import { Timeline } from "./Timeline";
import { TypingIndicator } from "./TypingIndicator";
import { Composer } from "../composer/Composer";
import { MembersPanel } from "./MembersPanel";

interface Props {
  summary: RoomSummary;
  /** A dialog is open over the room: the composer takes no input. */
  modal: boolean;
  onOpenDialog: (d: OpenDialog) => void;
  onOpenDrawer: () => void;
}

/** One open conversation: header, timeline, typing line and composer. */
export const RoomView = memo(function RoomView({ summary, modal, onOpenDialog, onOpenDrawer }: Props) {
  const store = useChatStore();
  const roomId = summary.room.id;
  const [replyTo, setReplyTo] = useState<MessageDto | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
  const detail = useChatSelector((s) => s.details[roomId]);
  const timeline = useChatSelector((s) => s.timelines[roomId]);
  const title = conversationTitle(summary, meId, users);
  const direct = isDirect(summary);
  // The member list is the fresher word on roles (the owner may have left and handed the room over).
  const isOwner = detail ? detail.members.some((m) => m.userId === meId && m.role === "owner") : summary.role === "owner";

  const lastOwn = useMemo(() => {
    const list = timeline?.messages ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.senderId === meId && m.kind === "text" && !m.deletedAt) return m;
    }
    return null;
  }, [timeline, meId]);

  const onReply = useCallback((m: MessageDto) => {
    setEditingId(null);
    setReplyTo(m);
    document.querySelector<HTMLTextAreaElement>("textarea[aria-label='Message']")?.focus();
  }, []);

  const showProfile = useCallback((userId: string) => onOpenDialog({ kind: "profileCard", userId }), [onOpenDialog]);

  return (
    <div className="room">
      <header className="room-header">
        <button type="button" className="icon-button drawer-toggle" aria-label="Open conversations" onClick={onOpenDrawer}>☰</button>
        <div className="room-title">
          <h1>
            <span className="room-kind" aria-hidden="true">{summary.room.kind === "public" ? "#" : summary.room.kind === "private" ? "🔒" : ""}</span>
            {title}
          </h1>
          {summary.room.topic && <p className="room-topic" title={summary.room.topic}>{summary.room.topic}</p>}
        </div>
        <div className="room-actions">
          {!direct && isOwner && (
            <button type="button" onClick={() => onOpenDialog({ kind: "roomSettings", roomId })}>Room settings</button>
          )}
          {!direct && (
            <button type="button" onClick={() => onOpenDialog({ kind: "invite", roomId })}>Invite people</button>
          )}
          <button type="button" aria-pressed={membersOpen} onClick={() => setMembersOpen(!membersOpen)}>
            Members{detail ? <span className="count"> {detail.members.length}</span> : null}
          </button>
        </div>
      </header>
      <div className="room-body">
        <div className="room-main">
          <Timeline
            summary={summary}
            editingId={editingId}
            onEdit={setEditingId}
            onReply={onReply}
            onShowProfile={showProfile}
          />
          <TypingIndicator roomId={roomId} />
          <Composer
            key={roomId}
            roomId={roomId}
            placeholder={direct ? `Message ${title}` : `Message #${title}`}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            onSent={() => setReplyTo(null)}
            onEditLast={() => lastOwn && setEditingId(lastOwn.id)}
            disabled={modal}
            onSend={(text) => store.sendMessage(roomId, text, replyTo)}
          />
        </div>
        {membersOpen && (
          <MembersPanel
            roomId={roomId}
            direct={direct}
            onClose={() => setMembersOpen(false)}
            onShowProfile={showProfile}
          />
        )}
      </div>
    </div>
  );
});
