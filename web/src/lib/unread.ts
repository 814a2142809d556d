import type { Guid, MessageDto, ReadEvent, RoomSummary } from "../api/types";
import type { Timeline } from "./timeline";

/** Whether a message counts as unread for `me` (the server's rule: text from others, not deleted, after lastReadSeq). */
export function countsAsUnread(m: MessageDto, me: Guid, lastReadSeq: number): boolean {
  return countable(m, me) && m.seq > lastReadSeq;
}

/** The server's word on whether a message mentions me (by name, @here or @room). */
export function mentionsMeById(m: MessageDto, me: Guid): boolean {
  return m.senderId !== me && (m.mentions?.includes(me) === true || !!m.wildcard);
}

/** Shown in the room's timeline: not a reply kept to its thread. */
function inRoom(m: MessageDto): boolean {
  return !(m.threadRootId && !m.alsoToRoom);
}

function countable(m: MessageDto, me: Guid): boolean {
  // A reply kept to its thread is counted in the thread, not the room (as the server counts).
  return m.kind === "text" && m.senderId !== me && m.deletedAt === null && inRoom(m);
}

/** A countable message that mentions me: it counts towards mentionCount too while unread. */
function countableMention(m: MessageDto, me: Guid): boolean {
  return countable(m, me) && mentionsMeById(m, me);
}

/**
 * What a room's summary already reflects, so that each message is counted once by its seq whatever order events
 * come in: the server's count covered every seq up to `through`; `seen` holds the seqs applied since, each with
 * whether it is text from someone else that is not deleted, and `mentioned` those of them that mention me (an
 * edit may add or remove the mention).
 */
export interface UnreadLedger {
  through: number;
  seen: ReadonlyMap<number, boolean>;
  mentioned: ReadonlySet<number>;
}

/** A ledger for a summary that just came from the server, keeping what was seen after it. */
export function ledgerFor(s: RoomSummary, previous?: UnreadLedger): UnreadLedger {
  const seen = new Map<number, boolean>();
  for (const [seq, counts] of previous?.seen ?? []) if (seq > s.room.lastSeq) seen.set(seq, counts);
  const mentioned = new Set([...previous?.mentioned ?? []].filter((seq) => seq > s.room.lastSeq));
  return { through: s.room.lastSeq, seen, mentioned };
}

/** The ledger with what it knows of `m` now. */
function ledgerWith(l: UnreadLedger, m: MessageDto, me: Guid): UnreadLedger {
  const mentioned = new Set(l.mentioned);
  if (countableMention(m, me)) mentioned.add(m.seq);
  else mentioned.delete(m.seq);
  return { ...l, seen: new Map(l.seen).set(m.seq, countable(m, me)), mentioned };
}

/** Unread messages the ledger knows of after `seq`. */
function seenUnreadAfter(l: UnreadLedger, seq: number): number {
  let n = 0;
  for (const [s, counts] of l.seen) if (counts && s > seq) n++;
  return n;
}

/**
 * A message from an event, an ack, a changes page or a history page, applied to its room's summary.
 * `held`: the copy the timeline held before, if any.
 */
export function summaryWithMessage(
  s: RoomSummary, l: UnreadLedger, m: MessageDto, me: Guid, held: MessageDto | undefined,
): { summary: RoomSummary; ledger: UnreadLedger } {
  if (held && held.rev >= m.rev) return { summary: s, ledger: l };
  const room = { ...s.room, lastRev: Math.max(s.room.lastRev, m.rev) };
  const lastMessage = s.lastMessage?.id === m.id && m.rev > s.lastMessage.rev ? m : s.lastMessage;
  const seenBefore = l.seen.get(m.seq);

  if (m.seq <= l.through || seenBefore !== undefined) {
    // A change (edit, delete, reactions) to, or a repeat of, a message already counted.
    let unreadCount = s.unreadCount;
    const wasUnread = seenBefore !== undefined ? seenBefore && m.seq > s.lastReadSeq
      // Within the server's count: known for sure from the held copy; without one, only a change newer than
      // anything the summary reflects can have been counted there and not yet taken off.
      : held ? countsAsUnread(held, me, s.lastReadSeq) : m.rev > s.room.lastRev && countsAsUnread({ ...m, deletedAt: null }, me, s.lastReadSeq);
    if (wasUnread && !countsAsUnread(m, me, s.lastReadSeq)) unreadCount = Math.max(0, unreadCount - 1);
    // An edit that adds or removes @me moves the mention count as the server's does; known only from the held copy
    // or the ledger (a change to a message the server counted, with no copy here, leaves it be).
    const wasMention = m.seq <= s.lastReadSeq ? false : seenBefore !== undefined ? l.mentioned.has(m.seq) : held ? countableMention(held, me) : null;
    const isMention = m.seq > s.lastReadSeq && countableMention(m, me);
    let mentionCount = s.mentionCount ?? 0;
    if (wasMention !== null && wasMention !== isMention) mentionCount = Math.max(0, mentionCount + (isMention ? 1 : -1));
    mentionCount = Math.min(mentionCount, unreadCount);
    let ledger = l;
    if (seenBefore !== undefined && (seenBefore !== countable(m, me) || l.mentioned.has(m.seq) !== countableMention(m, me))) ledger = ledgerWith(l, m, me);
    if (room.lastRev === s.room.lastRev && lastMessage === s.lastMessage && unreadCount === s.unreadCount && mentionCount === (s.mentionCount ?? 0)) {
      return { summary: s, ledger };
    }
    return { summary: { ...s, room, lastMessage, unreadCount, mentionCount }, ledger };
  }

  // New to the summary.
  const ledger = ledgerWith(l, m, me);
  let { unreadCount, lastReadSeq } = s;
  let mentionCount = s.mentionCount ?? 0;
  if (countsAsUnread(m, me, lastReadSeq)) {
    unreadCount += 1;
    if (mentionsMeById(m, me)) mentionCount += 1;
  }
  // Your own message moves your read position (the server does the same); only what came after it stays unread.
  if (m.senderId === me && m.kind === "text" && m.seq > lastReadSeq) {
    lastReadSeq = m.seq;
    unreadCount = seenUnreadAfter(ledger, m.seq);
    mentionCount = 0;
  }
  // A reply shown in its thread alone is not the room's last message (the room list's preview line).
  const newest = inRoom(m) && (!s.lastMessage || m.seq >= s.lastMessage.seq);
  return {
    summary: {
      ...s,
      room: { ...room, lastSeq: Math.max(s.room.lastSeq, m.seq), lastActivityAt: newest ? m.createdAt : s.room.lastActivityAt },
      unreadCount, lastReadSeq, lastMessage: newest ? m : lastMessage, mentionCount: Math.min(mentionCount, unreadCount),
    },
    ledger,
  };
}

/**
 * A read position from the server (ReadMarked from any tab, or MarkRead's answer): it only moves forward. The server's
 * count is from the moment it answered; messages seen since may be missing from it, so the higher of the two stands
 * (and a timeline that holds everything after the position recounts exactly, see recountUnread).
 */
export function summaryWithRead(s: RoomSummary, l: UnreadLedger, e: ReadEvent): RoomSummary {
  if (e.lastReadSeq <= s.lastReadSeq) return s;
  const unreadCount = Math.max(e.unreadCount, seenUnreadAfter(l, e.lastReadSeq));
  const mentionCount = Math.min(unreadCount, e.mentionCount ?? s.mentionCount ?? 0);
  return { ...s, lastReadSeq: e.lastReadSeq, unreadCount, mentionCount };
}

/**
 * The unread count counted from the held messages, when they hold every message after the read position and
 * everything the summary knows of; else the summary as it is.
 */
export function recountUnread(s: RoomSummary, t: Timeline | undefined, me: Guid): RoomSummary {
  if (!t?.loaded) return s;
  const first = t.messages[0];
  const last = t.messages[t.messages.length - 1];
  const coversStart = !t.hasMoreOlder || (first !== undefined && first.seq <= s.lastReadSeq + 1);
  const coversEnd = (last?.seq ?? 0) >= s.room.lastSeq;
  if (!coversStart || !coversEnd) return s;
  let n = 0;
  for (const m of t.messages) if (countsAsUnread(m, me, s.lastReadSeq)) n++;
  if (n === s.unreadCount) return s;
  return { ...s, unreadCount: n, mentionCount: Math.min(n, s.mentionCount ?? 0) };
}

/**
 * A summary from the server (GET /api/rooms, RoomAdded) against the one held: hub events that came while it was on
 * its way may be newer. The newer room state (by rev) stands, and the further read position.
 */
export function summaryFromServer(
  held: RoomSummary | undefined, l: UnreadLedger | undefined, fetched: RoomSummary,
): { summary: RoomSummary; ledger: UnreadLedger } {
  if (!held || !l) return { summary: fetched, ledger: ledgerFor(fetched, l) };
  if (fetched.room.lastRev >= held.room.lastRev) {
    const ledger = ledgerFor(fetched, l);
    // A read position that moved on while the list was on its way (another tab): the count that came with it.
    const read = { roomId: fetched.room.id, lastReadSeq: held.lastReadSeq, unreadCount: held.unreadCount, mentionCount: held.mentionCount };
    return { summary: summaryWithRead(fetched, ledger, read), ledger };
  }
  const read = { roomId: fetched.room.id, lastReadSeq: fetched.lastReadSeq, unreadCount: fetched.unreadCount, mentionCount: fetched.mentionCount };
  const summary = summaryWithRead(held, l, read);
  // Settings that are not part of the room's rev come from the fetched copy.
  return { summary: { ...summary, notificationLevel: fetched.notificationLevel ?? summary.notificationLevel }, ledger: l };
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
