import { useCallback, useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { SavedItem } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { RelativeTime } from "../../components/RelativeTime";
import { plainPreview } from "../../lib/markdown";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { useSession } from "../chat/session";
import { openAt } from "../mentions/MentionsDialog";

/** Your saved messages (GET /api/saved), newest saved first, with "Load more"; open one, or take it off the list. */
export function SavedDialog({ onClose }: { onClose: () => void }) {
  const chat = useChatStore();
  const { saved } = useSession();
  const users = useChatSelector((s) => s.users);
  const [items, setItems] = useState<SavedItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (before?: string) => {
    setLoading(true);
    try {
      const page = await api.saved(before, 30);
      for (const it of page.items) chat.ensureUser(it.message.senderId);
      setItems((old) => (before ? [...old, ...page.items] : page.items));
      setNext(page.nextBefore);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [chat]);

  useEffect(() => void load(), [load]);

  return (
    <Dialog label="Saved messages" onClose={onClose} className="wide mentions-dialog saved-dialog">
      <div className="dialog-body">
        {error && <div role="alert" className="alert">{error}</div>}
        <ul className="mention-list" aria-label="Saved messages" aria-busy={loading}>
          {items.map((it) => {
            const m = it.message;
            const place = it.roomKind === "public" || it.roomKind === "private" ? `#${it.roomName}` : it.roomName || "Direct message";
            return (
              <li key={m.id} className="saved-item">
                <button type="button" className="mention-item" onClick={() => {
                  onClose();
                  void openAt(chat, m.roomId, m.id, m.seq);
                }}>
                  <span className="mention-item-head">
                    <strong>{users[m.senderId]?.displayName ?? "…"}</strong>
                    <span className="muted"> in {place} · </span>
                    <RelativeTime iso={m.createdAt} className="muted" />
                  </span>
                  <span className="mention-item-text">{plainPreview(m.text, 200) || "Attachment"}</span>
                </button>
                <button type="button" className="link" aria-label={`Remove from saved: ${plainPreview(m.text, 40)}`} onClick={() => {
                  void saved.setSaved(m.id, false);
                  setItems((old) => old.filter((x) => x.message.id !== m.id));
                }}>Remove</button>
              </li>
            );
          })}
          {!loading && items.length === 0 && !error && <li className="muted">Nothing saved yet. Use "Save" in a message's menu to keep it here.</li>}
        </ul>
        {next && <button type="button" className="load-more" disabled={loading} onClick={() => void load(next)}>{loading ? "Loading…" : "Load more"}</button>}
      </div>
    </Dialog>
  );
}
