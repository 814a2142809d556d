import type { RoomSummary } from "../../api/types";
import { Icon } from "../../components/Icon";
import { shortActivity, exactTime } from "../../lib/days";
import { Avatar, RoomIcon } from "../../components/Avatar";
import { PresenceDot } from "../presence/PresenceDot";
import { resolveLevel } from "../../lib/notify";

interface Props {
  summary: RoomSummary;
  meId: string;
  title: string;
  current: boolean;
  typing: boolean;
  /** The line under the name (last message or who is typing); null in the compact sidebar. */
  preview: string | null;
  onOpen: () => void;
}

/** A room's icon (or # / lock), the other person's avatar in a DM, the group sign for a group DM. */
function KindIcon({ s, meId }: { s: RoomSummary; meId: string }) {
  if (s.room.kind === "public" || s.room.kind === "private") return <RoomIcon url={s.room.iconUrl} kind={s.room.kind} size="xs" />;
  const others = (s.members ?? []).filter((m) => m.id !== meId);
  const other = s.room.kind === "dm" ? others[0] : undefined;
  if (other) return <Avatar userId={other.id} name={other.displayName} url={other.avatarUrl} size="xs" />;
  return <span className="kind-icon" aria-hidden="true"><Icon name={s.room.kind === "group" ? "users" : "dot"} size={14} /></span>;
}

/** The other person of a 1:1 DM. */
function other(s: RoomSummary, meId: string): string | undefined {
  return (s.members ?? []).find((m) => m.id !== meId)?.id;
}

/**
 * One conversation in the sidebar: its name first (the accessible name starts with it), the preview line under it,
 * unread badge, last activity.
 */
export function ConversationItem({ summary: s, meId, title, current, typing, preview, onOpen }: Props) {
  const level = resolveLevel(s.room.kind, s.notificationLevel);
  const muted = level === "none";
  // A muted conversation's unread messages are not bold (as in Slack); its mentions still show.
  const unread = s.unreadCount > 0 && !muted;
  const mentions = Math.min(s.mentionCount ?? 0, s.unreadCount);
  return (
    <a
      href={`/r/${s.room.id}`}
      className={`conversation ${current ? "current" : ""} ${unread ? "unread" : ""} ${muted ? "muted-conversation" : ""}`}
      aria-current={current ? "page" : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        onOpen();
      }}
    >
      <span className="conversation-text">
        <span className="conversation-name">{title}</span>
        {preview ? <span className="conversation-preview">{preview}</span> : null}
      </span>
      <span className="conversation-kind">
        <span aria-hidden="true"><KindIcon s={s} meId={meId} /></span>
        {s.room.kind === "dm" && other(s, meId) && <PresenceDot userId={other(s, meId)!} />}
      </span>
      <span className="conversation-meta">
        {typing && preview === null ? <span className="typing-dot" aria-hidden="true">…</span> : null}
        {muted && <span className="visually-hidden">muted</span>}
        {mentions > 0 && (
          <span className="badge mention-badge" role="img" aria-label={`${mentions} ${mentions === 1 ? "mention" : "mentions"}`}>@{mentions > 9 ? "9+" : mentions}</span>
        )}
        {unread ? (
          <span className="badge" role="img" aria-label={`${s.unreadCount} unread`}>{s.unreadCount > 99 ? "99+" : s.unreadCount}</span>
        ) : (
          <time className="conversation-time" dateTime={s.room.lastActivityAt} title={exactTime(s.room.lastActivityAt)}>
            {shortActivity(s.room.lastActivityAt)}
          </time>
        )}
      </span>
    </a>
  );
}
