import { useCallback, useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { MentionDto } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { RelativeTime } from "../../components/RelativeTime";
import { plainPreview } from "../../lib/markdown";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import type { ChatStore } from "../chat/chatStore";

/** Opens the conversation and scrolls to the message once its latest page is in. */
export async function openAt(chat: ChatStore, roomId: string, messageId: string, seq: number): Promise<void> {
  navigateToRoom(roomId);
  for (let i = 0; i < 100 && !(chat.getState().currentRoomId === roomId && chat.getState().timelines[roomId]?.loaded); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await chat.jumpTo(roomId, messageId, seq);
}

/** Recent messages that mentioned you (GET /api/mentions), newest first, with "Load more"; a click jumps to the message. */
export function MentionsDialog({ onClose }: { onClose: () => void }) {
  const chat = useChatStore();
  const users = useChatSelector((s) => s.users);
  const [items, setItems] = useState<MentionDto[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (before?: string) => {
    setLoading(true);
    try {
      const page = await api.mentions(before, 30);
      for (const m of page.items) chat.ensureUser(m.message.senderId);
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
    <Dialog label="Mentions" onClose={onClose} className="wide mentions-dialog">
      <div className="dialog-body">
        {error && <div role="alert" className="alert">{error}</div>}
        <ul className="mention-list" aria-label="Recent mentions" aria-busy={loading}>
          {items.map((it) => {
            const m = it.message;
            const place = it.roomKind === "public" || it.roomKind === "private" ? `#${it.roomName}` : it.roomName || "Direct message";
            return (
              <li key={m.id}>
                <button type="button" className="mention-item" onClick={() => {
                  onClose();
                  void openAt(chat, m.roomId, m.id, m.seq);
                }}>
                  <span className="mention-item-head">
                    <strong>{users[m.senderId]?.displayName ?? "…"}</strong>
                    <span className="muted"> in {place} · </span>
                    <RelativeTime iso={m.createdAt} className="muted" />
                  </span>
                  <span className="mention-item-text">{plainPreview(m.text, 200)}</span>
                </button>
              </li>
            );
          })}
          {!loading && items.length === 0 && !error && <li className="muted">No mentions yet. When someone writes @{chat.getState().me.userName}, it shows here.</li>}
        </ul>
        {next && <button type="button" className="load-more" disabled={loading} onClick={() => void load(next)}>{loading ? "Loading…" : "Load more"}</button>}
      </div>
    </Dialog>
  );
}
