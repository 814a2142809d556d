import type { ThreadSummary } from "../../api/types";
import { RelativeTime } from "../../components/RelativeTime";
import type { KnownUser } from "../chat/chatStore";
import { PersonAvatar } from "../presence/PersonAvatar";

/** Under a thread's root: "N replies · last reply 5 min ago" with the latest repliers; opens the thread. */
export function ThreadSummaryLine({ thread, users, onOpen }: { thread: ThreadSummary; users: Record<string, KnownUser>; onOpen: () => void }) {
  const n = thread.replyCount;
  return (
    <button type="button" className="thread-summary" onClick={onOpen} aria-label={`${n} ${n === 1 ? "reply" : "replies"}, open thread`}>
      <span className="thread-participants" aria-hidden="true">
        {thread.participants.map((id) => <PersonAvatar key={id} userId={id} name={users[id]?.displayName ?? "…"} url={users[id]?.avatarUrl} size="xs" decorative />)}
      </span>
      <strong>{n} {n === 1 ? "reply" : "replies"}</strong>
      {thread.lastReplyAt && <span className="muted"> · last reply <RelativeTime iso={thread.lastReplyAt} /></span>}
    </button>
  );
}
