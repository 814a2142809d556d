import type { Guid, MessageDto, ReadEvent, RoomSummary } from "../api/types";

/** Whether a message counts as unread for `me` (the server's rule: text from others, not deleted, after lastReadSeq). */
export function countsAsUnread(m: MessageDto, me: Guid, lastReadSeq: number): boolean {
  return m.kind === "text" && m.senderId !== me && m.deletedAt === null && m.seq > lastReadSeq;
}

/** Updates a summary for a new or changed message in its room. */
export function summaryWithMessage(s: RoomSummary, m: MessageDto, me: Guid, previous: MessageDto | undefined): RoomSummary {
  let unreadCount = s.unreadCount;
  const wasUnread = previous ? countsAsUnread(previous, me, s.lastReadSeq) : false;
  const isUnread = countsAsUnread(m, me, s.lastReadSeq);
  if (!previous && isUnread) unreadCount += 1;
  else if (previous && wasUnread && !isUnread) unreadCount = Math.max(0, unreadCount - 1);
  let lastReadSeq = s.lastReadSeq;
  // Your own message moves your read position (the server does the same).
  if (!previous && m.senderId === me && m.kind === "text" && m.seq > lastReadSeq) {
    lastReadSeq = m.seq;
    unreadCount = 0;
  }
  const newest = !s.lastMessage || m.seq >= s.lastMessage.seq;
  const room = {
    ...s.room,
    lastSeq: Math.max(s.room.lastSeq, m.seq),
    lastRev: Math.max(s.room.lastRev, m.rev),
    lastActivityAt: !previous && newest ? m.createdAt : s.room.lastActivityAt,
  };
  return { ...s, room, unreadCount, lastReadSeq, lastMessage: newest ? m : s.lastMessage };
}

/** ReadMarked (from any tab) or a MarkRead answer: the server's numbers win, but a read position never moves back. */
export function summaryWithRead(s: RoomSummary, e: ReadEvent): RoomSummary {
  if (e.lastReadSeq < s.lastReadSeq) return s;
  if (e.lastReadSeq === s.lastReadSeq && e.unreadCount === s.unreadCount) return s;
  return { ...s, lastReadSeq: e.lastReadSeq, unreadCount: e.unreadCount };
}

export function totalUnread(summaries: readonly RoomSummary[]): number {
  return summaries.reduce((n, s) => n + s.unreadCount, 0);
}

/** The seq the "New messages" divider goes above: the first unread message from someone else. */
export function firstUnreadSeq(messages: readonly MessageDto[], me: Guid, lastReadSeq: number): number | null {
  const m = messages.find((x) => countsAsUnread(x, me, lastReadSeq));
  return m ? m.seq : null;
}

/** Conversations, most recent activity first. */
export function sortSummaries(list: readonly RoomSummary[]): RoomSummary[] {
  return [...list].sort((a, b) => (a.room.lastActivityAt < b.room.lastActivityAt ? 1 : a.room.lastActivityAt > b.room.lastActivityAt ? -1 : 0));
}
