import { useEffect } from "react";
import { Dialog } from "../../components/Dialog";
import { RelativeTime } from "../../components/RelativeTime";
import { plainPreview } from "../../lib/markdown";
import { useStore } from "../../lib/store";
import { useChatSelector } from "../chat/useChat";
import { useSession } from "../chat/session";
import { navigateToRoom } from "../chat/route";

/** The threads you follow (GET /api/threads), latest activity first, with unread badges; one opens its panel. */
export function ThreadsDialog({ onClose }: { onClose: () => void }) {
  const { threads } = useSession();
  const items = useStore(threads, (s) => s.followed);
  const users = useChatSelector((s) => s.users);
  useEffect(() => void threads.loadFollowed(), [threads]);

  return (
    <Dialog label="Threads" onClose={onClose} className="wide threads-dialog">
      <div className="dialog-body">
        <ul className="mention-list" aria-label="Followed threads">
          {items.map((t) => {
            const m = t.root;
            const place = t.roomKind === "public" || t.roomKind === "private" ? `#${t.roomName}` : t.roomName || "Direct message";
            return (
              <li key={m.id}>
                <button type="button" className="mention-item thread-item" onClick={() => {
                  onClose();
                  navigateToRoom(m.roomId);
                  void threads.openThread(m);
                }}>
                  <span className="mention-item-head">
                    <strong>{users[m.senderId]?.displayName ?? "…"}</strong>
                    <span className="muted"> in {place} · {m.thread?.replyCount ?? 0} {m.thread?.replyCount === 1 ? "reply" : "replies"}</span>
                    {m.thread?.lastReplyAt && <> <RelativeTime iso={m.thread.lastReplyAt} className="muted" /></>}
                    {t.unreadCount > 0 && <span className="badge" role="img" aria-label={`${t.unreadCount} unread`}>{t.unreadCount}</span>}
                    {t.mentionCount > 0 && <span className="badge mention" role="img" aria-label={`${t.mentionCount} mentions`}>@</span>}
                  </span>
                  <span className="mention-item-text">{plainPreview(m.text, 200) || (m.deletedAt ? "This message was deleted." : "Attachment")}</span>
                </button>
              </li>
            );
          })}
          {items.length === 0 && <li className="muted">No threads yet. Threads you start, reply to or are mentioned in show here.</li>}
        </ul>
      </div>
    </Dialog>
  );
}
