import { useCallback, useEffect, useState } from "react";
import { errorText } from "../../api/client";
import type { MessageDto, RoomKind } from "../../api/types";
import { RelativeTime } from "../../components/RelativeTime";
import { plainPreview } from "../../lib/markdown";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import type { ChatStore } from "../chat/chatStore";
import { useSession } from "../chat/session";
import type { ThreadsStore } from "../threads/threadsStore";
import { isThreadOnly } from "../../lib/timeline";

/**
 * Opens the conversation and scrolls to the message once its latest page is in; a reply kept to its thread (not in the
 * room's timeline) opens that thread with the reply shown.
 */
export async function openAt(chat: ChatStore, threads: ThreadsStore, m: MessageDto): Promise<void> {
  const roomId = m.roomId;
  navigateToRoom(roomId);
  for (let i = 0; i < 100 && !(chat.getState().currentRoomId === roomId && chat.getState().timelines[roomId]?.loaded); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (isThreadOnly(m)) await threads.openThread(m, true);
  else await chat.jumpTo(roomId, m.id, m.seq);
}

/** A page of a list of messages from other conversations (mentions, saved): its items and where the next page starts. */
export interface MessagePage<T> {
  items: T[];
  nextBefore: string | null;
}

/**
 * Loads such a list page by page ("Load more"), making sure each sender's name is known; `setItems` lets the dialog
 * drop an item it removed.
 */
export function useMessagePages<T extends { message: MessageDto }>(fetchPage: (before?: string) => Promise<MessagePage<T>>) {
  const chat = useChatStore();
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (before?: string) => {
    setLoading(true);
    try {
      const page = await fetchPage(before);
      for (const it of page.items) chat.ensureUser(it.message.senderId);
      setItems((old) => (before ? [...old, ...page.items] : page.items));
      setNext(page.nextBefore);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }, [chat, fetchPage]);

  useEffect(() => void load(), [load]);
  return { items, setItems, next, loading, error, load };
}

/** One message of such a list: who, where and when, and its start; a click opens the conversation at it. */
export function MessageListButton({ message: m, roomName, roomKind, onOpen }: {
  message: MessageDto; roomName: string; roomKind: RoomKind; onOpen: () => void;
}) {
  const chat = useChatStore();
  const { threads } = useSession();
  const users = useChatSelector((s) => s.users);
  const place = roomKind === "public" || roomKind === "private" ? `#${roomName}` : roomName || "Direct message";
  return (
    <button type="button" className="mention-item" onClick={() => {
      onOpen();
      void openAt(chat, threads, m);
    }}>
      <span className="mention-item-head">
        <strong>{users[m.senderId]?.displayName ?? "…"}</strong>
        <span className="muted"> in {place} · </span>
        <RelativeTime iso={m.createdAt} className="muted" />
      </span>
      <span className="mention-item-text">{plainPreview(m.text, 200) || "Attachment"}</span>
    </button>
  );
}
