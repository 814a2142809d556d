import type { RoomSummary } from "../../api/types";
import { shortActivity, exactTime } from "../../lib/days";

interface Props {
  summary: RoomSummary;
  title: string;
  current: boolean;
  typing: boolean;
  onOpen: () => void;
}

function kindIcon(s: RoomSummary): string {
  switch (s.room.kind) {
    case "public": return "#";
    case "private": return "🔒";
    case "group": return "👥";
    default: return "●";
  }
}

/** One conversation in the sidebar: its name first (the accessible name starts with it), unread badge, last activity. */
export function ConversationItem({ summary: s, title, current, typing, onOpen }: Props) {
  const unread = s.unreadCount > 0;
  return (
    <a
      href={`/r/${s.room.id}`}
      className={`conversation ${current ? "current" : ""} ${unread ? "unread" : ""}`}
      aria-current={current ? "page" : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        onOpen();
      }}
    >
      <span className="conversation-name">{title}</span>
      <span className="conversation-kind" aria-hidden="true">{kindIcon(s)}</span>
      <span className="conversation-meta">
        {typing ? <span className="typing-dot" aria-hidden="true">…</span> : null}
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
