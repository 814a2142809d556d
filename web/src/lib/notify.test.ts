import { describe, expect, it } from "vitest";
import type { MessageDto, RoomSummary } from "../api/types";
import { msg } from "./testData";
import { attentionCount, inDndSchedule, isNotifiable, notificationBody, resolveLevel, tabTitle, type NotifyContext } from "./notify";

const base: NotifyContext = {
  me: { id: "me", userName: "alice" }, kind: "public", level: "default", myStatus: "online", dndSchedule: null, timeZone: "UTC",
  blocked: new Set(), now: new Date("2026-11-22T12:00:00Z"),
};
const from = (text: string, extra: Partial<MessageDto> = {}): MessageDto => msg(1, 1, { senderId: "bob", text, ...extra });

describe("notifiable rule", () => {
  it("default level: every message in DMs and groups, mentions only in rooms", () => {
    expect(resolveLevel("dm", "default")).toBe("all");
    expect(resolveLevel("group", undefined)).toBe("all");
    expect(resolveLevel("public", "default")).toBe("mentions");
    expect(isNotifiable(from("hi"), { ...base, kind: "dm" })).toBe(true);
    expect(isNotifiable(from("hi"), base)).toBe(false);
    expect(isNotifiable(from("hi @alice"), base)).toBe(true);
    expect(isNotifiable(from("hi", { mentions: [], wildcard: "room" }), base)).toBe(true);
    // @here reaches people at their keyboard: not when I am away, unless it also names me.
    expect(isNotifiable(from("@here", { mentions: [], wildcard: "here" }), base)).toBe(true);
    expect(isNotifiable(from("@here", { mentions: [], wildcard: "here" }), { ...base, myStatus: "away" })).toBe(false);
    expect(isNotifiable(from("@here @alice", { mentions: ["me"], wildcard: "here" }), { ...base, myStatus: "away" })).toBe(true);
    expect(isNotifiable(from("@room", { mentions: [], wildcard: "room" }), { ...base, myStatus: "away" })).toBe(true);
  });

  it("all, mentions and none as chosen", () => {
    expect(isNotifiable(from("hi"), { ...base, level: "all" })).toBe(true);
    expect(isNotifiable(from("hi"), { ...base, kind: "dm", level: "mentions" })).toBe(false);
    expect(isNotifiable(from("@alice"), { ...base, kind: "dm", level: "none" })).toBe(false);
  });

  it("never my own messages, system lines, deleted messages or people I blocked", () => {
    const ctx = { ...base, level: "all" as const };
    expect(isNotifiable(from("hi", { senderId: "me" }), ctx)).toBe(false);
    expect(isNotifiable(from("bob joined", { kind: "system" }), ctx)).toBe(false);
    expect(isNotifiable(from("", { deletedAt: "2026-11-22T12:00:00Z" }), ctx)).toBe(false);
    expect(isNotifiable(from("hi"), { ...ctx, blocked: new Set(["bob"]) })).toBe(false);
  });

  it("nothing while I am on do-not-disturb, chosen or scheduled", () => {
    const ctx = { ...base, kind: "dm" as const };
    expect(isNotifiable(from("hi"), { ...ctx, myStatus: "dnd" })).toBe(false);
    expect(isNotifiable(from("hi"), { ...ctx, dndSchedule: { start: "11:30", end: "13:00" } })).toBe(false);
    expect(isNotifiable(from("hi"), { ...ctx, dndSchedule: { start: "13:00", end: "11:30" } })).toBe(true);
  });
});

describe("do-not-disturb schedule", () => {
  const at = (iso: string) => new Date(iso);
  it("wraps past midnight, start inclusive and end exclusive, in the given zone", () => {
    const night = { start: "22:00", end: "07:00" };
    expect(inDndSchedule(night, at("2026-11-22T23:10:00Z"), "UTC")).toBe(true);
    expect(inDndSchedule(night, at("2026-11-22T06:59:00Z"), "UTC")).toBe(true);
    expect(inDndSchedule(night, at("2026-11-22T07:00:00Z"), "UTC")).toBe(false);
    expect(inDndSchedule(night, at("2026-11-22T22:00:00Z"), "UTC")).toBe(true);
    // 21:30 UTC is 22:30 in Paris (UTC+1 in November).
    expect(inDndSchedule(night, at("2026-11-22T21:30:00Z"), "Europe/Paris")).toBe(true);
    expect(inDndSchedule(null, at("2026-11-22T23:00:00Z"), "UTC")).toBe(false);
  });
});

describe("tab title", () => {
  const summary = (kind: RoomSummary["room"]["kind"], unreadCount: number, extra: Partial<RoomSummary> = {}): RoomSummary => ({
    room: { id: Math.random().toString(), kind, name: "x", topic: "", createdById: "u", createdAt: "", lastSeq: 9, lastRev: 9, lastActivityAt: "", iconUrl: null },
    role: "member", lastReadSeq: 0, unreadCount, lastMessage: null, members: null, ...extra,
  });

  it("counts DMs' unread messages and rooms' unread mentions, never muted conversations", () => {
    const list = [
      summary("dm", 2),
      summary("public", 5, { mentionCount: 1 }),
      summary("group", 3, { notificationLevel: "none" }),
      summary("private", 4, { notificationLevel: "all" }),
    ];
    expect(attentionCount(list)).toBe(7);
    expect(tabTitle(list)).toBe("(7) Parley");
    expect(tabTitle([summary("public", 5)])).toBe("Parley");
  });
});

describe("notification body", () => {
  it("the text, a file count, or just 'New message' when previews are off", () => {
    const plain = (t: string) => t.trim();
    expect(notificationBody(from("Lunch?"), true, plain)).toBe("Lunch?");
    expect(notificationBody(from("Lunch?"), false, plain)).toBe("New message");
    expect(notificationBody(from("", { files: [{} as never, {} as never] }), true, plain)).toBe("sent 2 files");
  });
});
