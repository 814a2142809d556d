import { api } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { useChatStore } from "../chat/useChat";
import { MessageListButton, useMessagePages } from "./messagePages";

/** Recent messages that mentioned you (GET /api/mentions), newest first, with "Load more"; a click jumps to the message. */
export function MentionsDialog({ onClose }: { onClose: () => void }) {
  const chat = useChatStore();
  const { items, next, loading, error, load } = useMessagePages(fetchMentions);
  return (
    <Dialog label="Mentions" onClose={onClose} className="wide mentions-dialog">
      <div className="dialog-body">
        {error && <div role="alert" className="alert">{error}</div>}
        <ul className="mention-list" aria-label="Recent mentions" aria-busy={loading}>
          {items.map((it) => (
            <li key={it.message.id}><MessageListButton {...it} onOpen={onClose} /></li>
          ))}
          {!loading && items.length === 0 && !error && <li className="muted">No mentions yet. When someone writes @{chat.getState().me.userName}, it shows here.</li>}
        </ul>
        {next && <button type="button" className="load-more" disabled={loading} onClick={() => void load(next)}>{loading ? "Loading…" : "Load more"}</button>}
      </div>
    </Dialog>
  );
}

const fetchMentions = (before?: string) => api.mentions(before, 30);
