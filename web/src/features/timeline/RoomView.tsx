import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { MessageDto, RoomSummary } from "../../api/types";
import { conversationTitle, isDirect } from "../../lib/names";
import { useChatSelector, useChatStore } from "../chat/useChat";
import type { OpenDialog } from "../dialogs/DialogHost";
import { Timeline } from "./Timeline";
import { TypingIndicator } from "./TypingIndicator";
import { Composer, filesToStage } from "../composer/Composer";
import { RoomIcon } from "../../components/Avatar";
import { Icon } from "../../components/Icon";
import { MembersPanel } from "./MembersPanel";
import { NotificationMenu } from "./NotificationMenu";
import { useRoomPermissions } from "../moderation/useRoomPermissions";
import { postingBlocked } from "../moderation/postingLimits";
import { mayInvite, mayPin } from "../moderation/permissions";
import { MenuButton } from "../../components/Menu";
import { PinnedPanel } from "../pins/PinnedPanel";
import { CallBanner, CallButtons } from "../calls/CallButtons";
import { ThreadPanel } from "../threads/ThreadPanel";
import { useSession } from "../chat/session";
import { useStore } from "../../lib/store";
import { ScheduledBanner } from "../scheduling/ScheduledBanner";

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
  const [panel, setPanel] = useState<"members" | "pinned" | null>(null);
  const membersOpen = panel === "members";
  const setMembersOpen = (open: boolean) => setPanel(open ? "members" : null);
  // Where I had read to when the room opened: "Jump to first unread" goes to the message after it.
  const [readAtOpen, setReadAtOpen] = useState({ roomId, seq: summary.lastReadSeq });
  if (readAtOpen.roomId !== roomId) setReadAtOpen({ roomId, seq: summary.lastReadSeq });
  const { threads, scheduled } = useSession();
  const threadOpen = useStore(threads, (s) => s.open?.roomId === roomId);
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
  const detail = useChatSelector((s) => s.details[roomId]);
  const timeline = useChatSelector((s) => s.timelines[roomId]);
  const title = conversationTitle(summary, meId, users);
  const direct = isDirect(summary);
  // The member list is the fresher word on roles (the owner may have left and handed the room over): the hook reads it.
  const perms = useRoomPermissions(roomId);
  const canEdit = perms.can("EditRoom");
  const blocked = direct ? null : postingBlocked(summary.room, perms.can("PostInReadOnlyRoom"));

  // The reply target and the message being edited as the timeline holds them now: an edit shows in the reply bar,
  // and a delete (by anyone, in any tab) ends the reply or the editing.
  const held = (id: string | null | undefined) => (id ? timeline?.messages.find((m) => m.id === id) : undefined);
  const heldReplyTo = held(replyTo?.id);
  if (replyTo && heldReplyTo && heldReplyTo !== replyTo) setReplyTo(heldReplyTo.deletedAt ? null : heldReplyTo);
  if (editingId && held(editingId)?.deletedAt) setEditingId(null);

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

  const canPin = mayPin(perms.me, direct, summary.room.membersMayPin);
  const jumpToFirstUnread = useCallback(() => {
    // From the read position at opening (the divider only knows the messages held, which may start after it).
    const seq = readAtOpen.seq + 1;
    if (seq > summary.room.lastSeq) store.notify("No unread messages here.");
    else void store.jumpToFirstAt(roomId, { seq });
  }, [readAtOpen.seq, summary.room.lastSeq, store, roomId]);
  // Alt+Shift+U: jump to the first unread message, from anywhere in the room.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.shiftKey && e.code === "KeyU" && !document.querySelector("[role='dialog']")) {
        e.preventDefault();
        jumpToFirstUnread();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [jumpToFirstUnread]);

  const showProfile = useCallback((userId: string) => onOpenDialog({ kind: "profileCard", userId }), [onOpenDialog]);

  // Files dragged over the room: a drop zone over the timeline and composer.
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
  const dropHandlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e) || modal) return;
      e.preventDefault();
      dragDepth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e) || modal) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      if (!modal && e.dataTransfer.files.length) store.addFiles(roomId, filesToStage(e.dataTransfer.files));
    },
  };

  return (
    <div className="room">
      <header className="room-header">
        <button type="button" className="icon-button drawer-toggle" aria-label="Open conversations" onClick={onOpenDrawer}><Icon name="menu" /></button>
        <div className="room-title">
          <h1 title={direct ? title : `#${title}`}>
            {!direct && <RoomIcon url={summary.room.iconUrl} kind={summary.room.kind} size="md" />}
            {title}
          </h1>
          {summary.room.topic && <p className="room-topic" title={summary.room.topic}>{summary.room.topic}</p>}
        </div>
        <div className="room-actions">
          <CallButtons roomId={roomId} blocked={blocked} />
          <button type="button" className="search-open" onClick={() => onOpenDialog({ kind: "search" })} title="Search (/ or Ctrl+Shift+F)"
            aria-keyshortcuts="/ Control+Shift+F">
            <Icon name="search" size={16} /> <span className="action-label">Search</span>
          </button>
          <NotificationMenu summary={summary} />
          <MenuButton label="Jump" title="Jump to a date or to the first unread message" placement="down-end" items={[
            { key: "date", label: "Jump to date…", onSelect: () => onOpenDialog({ kind: "jumpToDate", roomId }) },
            { key: "unread", label: <>Jump to first unread <kbd>Alt Shift U</kbd></>, onSelect: jumpToFirstUnread },
          ]} />
          <button type="button" className="pins-toggle" aria-pressed={panel === "pinned"} onClick={() => setPanel(panel === "pinned" ? null : "pinned")}
            title={panel === "pinned" ? "Hide pinned messages" : "Show pinned messages"}>
            <Icon name="pin" size={16} /> <span className="action-label">Pinned</span>
          </button>
          {!direct && canEdit && (
            <button type="button" onClick={() => onOpenDialog({ kind: "roomSettings", roomId })} title="Room settings">
              <Icon name="settings" size={16} /> <span className="action-label">Room settings</span>
            </button>
          )}
          {!direct && mayInvite(perms.me, summary.room.invitePolicy) && (
            <button type="button" onClick={() => onOpenDialog({ kind: "invite", roomId })} title="Invite people">
              <Icon name="userPlus" size={16} /> <span className="action-label">Invite people</span>
            </button>
          )}
          <button type="button" className="members-toggle" aria-pressed={membersOpen} onClick={() => setMembersOpen(!membersOpen)}
            title={membersOpen ? "Hide member list" : "Show member list"}>
            <Icon name="users" size={16} /> <span className="action-label">Members</span>{detail ? <span className="count"> {detail.members.length}</span> : null}
          </button>
        </div>
      </header>
      <div className="room-body">
        <div className="room-main" {...dropHandlers}>
          <CallBanner roomId={roomId} />
          {dragging && (
            <div className="drop-zone" aria-hidden="true">
              <div className="drop-zone-inner">
                <Icon name="paperclip" size={28} />
                <strong>Drop files to share</strong>
                <span>in {direct ? title : `#${title}`}</span>
              </div>
            </div>
          )}
          <Timeline
            summary={summary}
            editingId={editingId}
            onEdit={setEditingId}
            onReply={onReply}
            onShowProfile={showProfile}
          />
          <TypingIndicator roomId={roomId} />
          {!blocked && <ScheduledBanner roomId={roomId} />}
          {blocked ? <p className="posting-blocked" role="status" data-testid="posting-blocked">{blocked}</p> : <Composer
            key={roomId}
            roomId={roomId}
            placeholder={direct ? `Message ${title}` : `Message #${title}`}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            onSent={() => setReplyTo(null)}
            onEditLast={() => lastOwn && setEditingId(lastOwn.id)}
            disabled={modal}
            onSend={(text) => store.sendWithUploads(roomId, text, replyTo)}
            onSchedule={(text, at) => scheduled.schedule(roomId, text, at, replyTo)}
          />}
        </div>
        {panel === "pinned" && <PinnedPanel roomId={roomId} canPin={canPin} onClose={() => setPanel(null)} />}
        {threadOpen && <ThreadPanel roomTitle={title} canPin={canPin} onShowProfile={showProfile} />}
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
