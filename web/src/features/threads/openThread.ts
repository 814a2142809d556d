import type { Guid, MessageDto, ThreadState } from "../../api/types";
import { refreshQuotes, upsertMessages, type Timeline } from "../../lib/timeline";

export interface OpenThread {
  roomId: Guid;
  root: MessageDto;
  /** Replies in seq order (the thread's latest page, then live ones). */
  replies: MessageDto[];
  hasMoreOlder: boolean;
  state: ThreadState | null;
  error: string | null;
  /** A reply jumped to (search, mentions, saved …): the panel shows and flashes it once it is in, then clears this. */
  highlightId?: Guid | null;
}

/**
 * A message event (created, edited, deleted) for the open thread: a reply of it goes in or replaces its older copy;
 * the root takes a newer copy (keeping its summary when the copy has none). Anything else: the thread as it was.
 */
export function applyThreadMessage(o: OpenThread, m: MessageDto): OpenThread {
  const next = applyToThread(o, m);
  // A reply may quote the message (an edit or delete of it changes the quote).
  const replies = refreshQuotes(next.replies, [m]);
  return replies === next.replies ? next : { ...next, replies };
}

function applyToThread(o: OpenThread, m: MessageDto): OpenThread {
  if (m.threadRootId === o.root.id) {
    const replies = upsertMessages(o.replies, [m]);
    return replies === o.replies ? o : { ...o, replies };
  }
  if (m.id === o.root.id && m.rev > o.root.rev) return { ...o, root: { ...m, thread: m.thread ?? o.root.thread } };
  return o;
}

/**
 * A change to one part of one message (reactions, previews, a pin, a poll) for the open thread, by the room
 * timeline's own reducer (lib/timeline.ts, polls/pollState.ts): it applies when the event's rev is newer than the
 * message's. The room's rev is no concern of the panel: the chat store keeps it.
 */
export function applyThreadPart<E extends { messageId: Guid }>(o: OpenThread, e: E, reduce: (t: Timeline, e: E) => { timeline: Timeline }): OpenThread {
  if (e.messageId !== o.root.id && !o.replies.some((m) => m.id === e.messageId)) return o;
  const messages = [o.root, ...o.replies];
  const next = reduce({ messages, rev: 0, hasMoreOlder: false, loaded: true }, e).timeline.messages;
  if (next === messages) return o;
  return { ...o, root: next[0]!, replies: next.slice(1) };
}
