import { api } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { plainPreview } from "../../lib/markdown";
import { useSession } from "../chat/session";
import { MessageListButton, useMessagePages } from "../mentions/messagePages";

/** Your saved messages (GET /api/saved), newest saved first, with "Load more"; open one, or take it off the list. */
export function SavedDialog({ onClose }: { onClose: () => void }) {
  const { saved } = useSession();
  const { items, setItems, next, loading, error, load } = useMessagePages(fetchSaved);
  return (
    <Dialog label="Saved messages" onClose={onClose} className="wide mentions-dialog saved-dialog">
      <div className="dialog-body">
        {error && <div role="alert" className="alert">{error}</div>}
        <ul className="mention-list" aria-label="Saved messages" aria-busy={loading}>
          {items.map((it) => (
            <li key={it.message.id} className="saved-item">
              <MessageListButton {...it} onOpen={onClose} />
              <button type="button" className="link" aria-label={`Remove from saved: ${plainPreview(it.message.text, 40)}`} onClick={() => {
                void saved.setSaved(it.message.id, false);
                setItems((old) => old.filter((x) => x.message.id !== it.message.id));
              }}>Remove</button>
            </li>
          ))}
          {!loading && items.length === 0 && !error && <li className="muted">Nothing saved yet. Use "Save" in a message's menu to keep it here.</li>}
        </ul>
        {next && <button type="button" className="load-more" disabled={loading} onClick={() => void load(next)}>{loading ? "Loading…" : "Load more"}</button>}
      </div>
    </Dialog>
  );
}

const fetchSaved = (before?: string) => api.saved(before, 30);
