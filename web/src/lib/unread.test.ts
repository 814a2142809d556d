import { describe, expect, it } from "vitest";
import type { MessageDto, RoomSummary } from "../api/types";
import { firstUnreadSeq, ledgerFor, recountUnread, summaryFromServer, summaryWithMessage, summaryWithRead, type UnreadLedger } from "./unread";
import { emptyTimeline } from "./timeline";
import { msg } from "./testData";

const summary = (lastReadSeq: number, unreadCount: number, lastSeq = 3, lastRev = lastSeq): RoomSummary => ({
  room: { id: "r1", kind: "public", name: "general", topic: "", createdById: "u1", createdAt: "2026-11-22T00:00:00Z", lastSeq, lastRev, lastActivityAt: "2026-11-22T00:00:00Z", iconUrl: null },
  role: "member", lastReadSeq, unreadCount, lastMessage: null, members: null,
});

/** Applies messages one after another, as the store does. */
function apply(s: RoomSummary, ...messages: MessageDto[]): { summary: RoomSummary; ledger: UnreadLedger } {
  let r = { summary: s, ledger: ledgerFor(s) };
  for (const m of messages) r = summaryWithMessage(r.summary, r.ledger, m, "me", undefined);
  return r;
}

describe("unread", () => {
  it("counts new text from others", () => {
    const s = apply(summary(3, 0), msg(4)).summary;
    expect(s.unreadCount).toBe(1);
    expect(s.lastMessage?.seq).toBe(4);
    expect(s.room.lastSeq).toBe(4);
  });

  it("keeps a reply shown in its thread alone out of the count and the last message", () => {
    const s = apply(summary(3, 0), msg(4), msg(5, 5, { threadRootId: "m4", alsoToRoom: false })).summary;
    expect(s.unreadCount).toBe(1);
    expect(s.lastMessage?.seq).toBe(4);
    expect(apply(summary(3, 0), msg(4), msg(5, 5, { threadRootId: "m4", alsoToRoom: true })).summary.lastMessage?.seq).toBe(5);
  });

  it("counts by seq whatever order events come in, and each message once", () => {
    const s = apply(summary(3, 0), msg(6), msg(5), msg(5), msg(6), msg(3)).summary;
    expect(s.unreadCount).toBe(2);
    expect(s.lastMessage?.seq).toBe(6);
  });

  it("does not count system lines or own messages, and own messages mark read up to themselves", () => {
    expect(apply(summary(3, 0), msg(4, 4, { kind: "system" })).summary.unreadCount).toBe(0);
    const own = apply(summary(3, 2), msg(6, 6, { senderId: "me" })).summary;
    expect(own.unreadCount).toBe(0);
    expect(own.lastReadSeq).toBe(6);
    // Someone else's message 7 came before my 6: it stays unread.
    const crossed = apply(summary(3, 0), msg(7), msg(6, 6, { senderId: "me" })).summary;
    expect(crossed.lastReadSeq).toBe(6);
    expect(crossed.unreadCount).toBe(1);
  });

  it("uncounts a deleted unread message, once", () => {
    const held = summaryWithMessage(summary(2, 1), ledgerFor(summary(2, 1)), msg(3, 5, { deletedAt: "2026-11-22T00:00:00Z", text: "" }), "me", msg(3));
    expect(held.summary.unreadCount).toBe(0);
    const tombstone = msg(4, 5, { deletedAt: "2026-11-22T00:00:00Z", text: "" });
    const seen = apply(summary(3, 0), msg(4), tombstone, tombstone).summary;
    expect(seen.unreadCount).toBe(0);
  });

  it("takes read positions forward only, not below what arrived since", () => {
    const r = apply(summary(3, 0), msg(4), msg(5));
    expect(summaryWithRead(r.summary, r.ledger, { roomId: "r1", lastReadSeq: 5, unreadCount: 0 }).unreadCount).toBe(0);
    // The answer was counted before message 5 arrived here.
    const stale = summaryWithRead(r.summary, r.ledger, { roomId: "r1", lastReadSeq: 4, unreadCount: 0 });
    expect(stale.lastReadSeq).toBe(4);
    expect(stale.unreadCount).toBe(1);
    const s = summary(5, 1);
    expect(summaryWithRead(s, ledgerFor(s), { roomId: "r1", lastReadSeq: 4, unreadCount: 0 })).toBe(s);
    expect(summaryWithRead(s, ledgerFor(s), { roomId: "r1", lastReadSeq: 5, unreadCount: 0 })).toBe(s);
  });

  it("recounts from a timeline that holds everything after the read position", () => {
    const t = { ...emptyTimeline(6), loaded: true, hasMoreOlder: true, messages: [msg(4), msg(5), msg(6, 6, { senderId: "me" })] };
    expect(recountUnread(summary(4, 7, 6), t, "me").unreadCount).toBe(1);
    // The read position is before the window, or the timeline is behind: leave the count alone.
    expect(recountUnread(summary(1, 7, 6), t, "me").unreadCount).toBe(7);
    expect(recountUnread(summary(4, 7, 9), t, "me").unreadCount).toBe(7);
  });

  it("keeps state from hub events that is newer than a fetched summary", () => {
    const live = apply(summary(3, 0), msg(4), msg(5));
    const fetched = summary(3, 1, 4);
    const kept = summaryFromServer(live.summary, live.ledger, fetched);
    expect(kept.summary.unreadCount).toBe(2);
    expect(kept.summary.room.lastSeq).toBe(5);
    // Newer on the server: it wins, but not with an older read position.
    const newer = summaryFromServer({ ...live.summary, lastReadSeq: 5, unreadCount: 0 }, live.ledger, summary(3, 3, 6));
    expect(newer.summary.room.lastSeq).toBe(6);
    expect(newer.summary.lastReadSeq).toBe(5);
  });

  it("finds the first unread message", () => {
    expect(firstUnreadSeq([msg(1), msg(2, 2, { senderId: "me" }), msg(3)], "me", 1)).toBe(3);
    expect(firstUnreadSeq([msg(1)], "me", 1)).toBeNull();
  });
});

describe("mention counts", () => {
  const mention = (seq: number) => msg(seq, seq, { mentions: ["me"], wildcard: null });
  it("count unread messages that mention me, and follow the read position", () => {
    let r = apply(summary(3, 0), msg(4), mention(5), msg(6, 6, { mentions: [], wildcard: "room" }));
    expect(r.summary.unreadCount).toBe(3);
    expect(r.summary.mentionCount).toBe(2);
    r = { ...r, summary: summaryWithRead(r.summary, r.ledger, { roomId: "r1", lastReadSeq: 5, unreadCount: 1, mentionCount: 1 }) };
    expect(r.summary.mentionCount).toBe(1);
    // My own reply reads the room: nothing left to mention.
    expect(summaryWithMessage(r.summary, r.ledger, msg(7, 7, { senderId: "me" }), "me", undefined).summary.mentionCount).toBe(0);
  });

  it("follow edits that add or remove @me, as the server counts them", () => {
    const edited = { editedAt: "2026-11-22T10:30:00Z" };
    // Seen live (the ledger knows): an edit adds the mention, another takes it away, a typo fix changes nothing.
    let r = apply(summary(3, 0), msg(4), msg(5));
    expect(r.summary.mentionCount).toBe(0);
    r = thenApply(r, msg(4, 6, { ...edited, mentions: ["me"] }));
    expect(r.summary.mentionCount).toBe(1);
    r = thenApply(r, msg(4, 7, { ...edited, mentions: ["me"], text: "typo fixed" }));
    expect(r.summary.mentionCount).toBe(1);
    r = thenApply(r, msg(4, 8, { ...edited, mentions: [] }));
    expect(r.summary.mentionCount).toBe(0);
    expect(r.summary.unreadCount).toBe(2);
    // Deleting an unread mention uncounts it as well.
    r = thenApply(thenApply(r, msg(5, 9, { ...edited, wildcard: "here" })), msg(5, 10, { deletedAt: "2026-11-22T10:31:00Z", text: "" }));
    expect(r.summary.mentionCount).toBe(0);
    expect(r.summary.unreadCount).toBe(1);
    // Within the server's count: the held copy tells what was counted.
    const s = { ...summary(2, 1), mentionCount: 0 };
    const added = summaryWithMessage(s, ledgerFor(s), msg(3, 5, { ...edited, mentions: ["me"] }), "me", msg(3));
    expect(added.summary.mentionCount).toBe(1);
    const removed = summaryWithMessage(added.summary, added.ledger, msg(3, 6, { ...edited, mentions: [] }), "me", msg(3, 5, { mentions: ["me"] }));
    expect(removed.summary.mentionCount).toBe(0);
    // An edit of a message already read counts nothing.
    expect(summaryWithMessage(s, ledgerFor(s), msg(2, 5, { ...edited, mentions: ["me"] }), "me", msg(2)).summary.mentionCount).toBe(0);
  });
});

/** Applies one more message to what apply() gave. */
function thenApply(r: { summary: RoomSummary; ledger: UnreadLedger }, m: MessageDto) {
  return summaryWithMessage(r.summary, r.ledger, m, "me", undefined);
}
