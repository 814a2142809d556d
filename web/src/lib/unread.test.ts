import { describe, expect, it } from "vitest";
import type { RoomSummary } from "../api/types";
import { firstUnreadSeq, summaryWithMessage, summaryWithRead } from "./unread";
import { msg } from "./testData";

const summary = (lastReadSeq: number, unreadCount: number): RoomSummary => ({
  room: { id: "r1", kind: "public", name: "general", topic: "", createdById: "u1", createdAt: "2026-11-22T00:00:00Z", lastSeq: 3, lastRev: 3, lastActivityAt: "2026-11-22T00:00:00Z" },
  role: "member", lastReadSeq, unreadCount, lastMessage: null, members: null,
});

describe("unread", () => {
  it("counts new text from others", () => {
    const s = summaryWithMessage(summary(3, 0), msg(4), "me", undefined);
    expect(s.unreadCount).toBe(1);
    expect(s.lastMessage?.seq).toBe(4);
    expect(s.room.lastSeq).toBe(4);
  });

  it("does not count system lines or own messages, and own messages mark read", () => {
    expect(summaryWithMessage(summary(3, 0), msg(4, 4, { kind: "system" }), "me", undefined).unreadCount).toBe(0);
    const own = summaryWithMessage(summary(3, 2), msg(6, 6, { senderId: "me" }), "me", undefined);
    expect(own.unreadCount).toBe(0);
    expect(own.lastReadSeq).toBe(6);
  });

  it("uncounts a deleted unread message", () => {
    const s = summaryWithMessage(summary(3, 1), msg(4, 5, { deletedAt: "2026-11-22T00:00:00Z", text: "" }), "me", msg(4));
    expect(s.unreadCount).toBe(0);
  });

  it("takes read events from other tabs, never moving back", () => {
    expect(summaryWithRead(summary(3, 2), { roomId: "r1", lastReadSeq: 5, unreadCount: 0 }).unreadCount).toBe(0);
    const s = summary(5, 0);
    expect(summaryWithRead(s, { roomId: "r1", lastReadSeq: 4, unreadCount: 1 })).toBe(s);
  });

  it("finds the first unread message", () => {
    expect(firstUnreadSeq([msg(1), msg(2, 2, { senderId: "me" }), msg(3)], "me", 1)).toBe(3);
    expect(firstUnreadSeq([msg(1)], "me", 1)).toBeNull();
  });
});
