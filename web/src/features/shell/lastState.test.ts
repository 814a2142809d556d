// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import type { MeDto, RoomSummary } from "../../api/types";
import { msg } from "../../lib/testData";
import type { Timeline } from "../../lib/timeline";
import type { ChatState } from "../chat/chatState";
import {
  clearLastState, loadLastState, noteOpened, saveLastState, SAVED_MESSAGES, SAVED_ROOMS, snapshotOf, stateFromSaved,
} from "./lastState";

const me = { id: "me", userName: "alice", displayName: "Alice", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-01-01T00:00:00Z" } as MeDto;

function summary(id: string, lastSeq: number): RoomSummary {
  return {
    room: { id, kind: "public", name: id, topic: "", createdById: "me", createdAt: "", lastSeq, lastRev: lastSeq, lastActivityAt: "", iconUrl: null },
    role: "member", lastReadSeq: lastSeq, unreadCount: 0, lastMessage: msg(lastSeq, lastSeq, { roomId: id }), members: null,
  };
}

function timeline(roomId: string, count: number, extra: Partial<Timeline> = {}): Timeline {
  const messages = Array.from({ length: count }, (_, i) => msg(i + 1, i + 1, { roomId, senderId: `u${i % 3}` }));
  return { messages, rev: count, hasMoreOlder: false, loaded: true, ...extra };
}

function chatState(patch: Partial<ChatState>): ChatState {
  return {
    me, status: "connected", online: true, roomsLoaded: true, summaries: {}, timelines: {}, details: {}, users: {},
    outbox: [], typing: {}, currentRoomId: null, unreadMarker: {}, loadingOlder: {}, highlight: null, emoji: null,
    notice: null, uploads: {}, savedView: false, ...patch,
  };
}

describe("last state", () => {
  afterEach(() => localStorage.clear());

  it("keeps the most recently opened conversations, newest first, without repeats", () => {
    let recent: string[] = [];
    for (const id of ["a", "b", "a", "c", "d", "e", "f", "g"]) recent = noteOpened(recent, id);
    expect(recent).toEqual(["g", "f", "e", "d", "c"].slice(0, SAVED_ROOMS));
    expect(noteOpened(recent, null)).toBe(recent);
  });

  it("saves the list and the latest page of the recent rooms, bounded, with the people they show", () => {
    const state = chatState({
      summaries: { a: summary("a", 80), b: summary("b", 3), c: summary("c", 5) },
      timelines: { a: timeline("a", 80), b: timeline("b", 3, { detached: true }), c: timeline("c", 5) },
      users: { me: { id: "me", userName: "alice", displayName: "Alice" }, u0: { id: "u0", userName: "u0", displayName: "U0" },
        u1: { id: "u1", userName: "u1", displayName: "U1" }, u2: { id: "u2", userName: "u2", displayName: "U2" },
        stranger: { id: "stranger", userName: "x", displayName: "X" } },
      currentRoomId: "a",
    });
    const saved = snapshotOf(state, ["a", "b"]);
    expect(saved.summaries.map((s) => s.room.id)).toEqual(["a", "c", "b"]); // newest activity first
    expect(Object.keys(saved.timelines)).toEqual(["a"]); // b is a window far back, c was not opened
    const a = saved.timelines.a!;
    expect(a.messages).toHaveLength(SAVED_MESSAGES);
    expect(a.messages.at(-1)!.seq).toBe(80); // the newest kept, the oldest trimmed
    expect(a.hasMoreOlder).toBe(true);
    expect(a.rev).toBe(80);
    expect(Object.keys(saved.users).sort()).toEqual(["me", "u0", "u1", "u2"]);
    expect(saved.currentRoomId).toBe("a");
  });

  it("opens offline from what was saved: the same list and messages, ready to show", () => {
    const state = chatState({ summaries: { a: summary("a", 4) }, timelines: { a: timeline("a", 4) }, currentRoomId: "a" });
    saveLastState(snapshotOf(state, ["a"]));
    const loaded = loadLastState();
    expect(loaded?.me.id).toBe("me");
    const seeded = stateFromSaved(loaded!);
    expect(seeded.roomsLoaded).toBe(true);
    expect(Object.keys(seeded.summaries)).toEqual(["a"]);
    expect(seeded.timelines.a!.messages.map((m) => m.text)).toEqual(["hello 1", "hello 2", "hello 3", "hello 4"]);
  });

  it("is gone once cleared (sign-out), and a copy of another format is ignored", () => {
    saveLastState(snapshotOf(chatState({ summaries: { a: summary("a", 1) } }), []));
    clearLastState();
    expect(loadLastState()).toBeNull();
    localStorage.setItem("parley.lastState", JSON.stringify({ v: 99, me }));
    expect(loadLastState()).toBeNull();
    localStorage.setItem("parley.lastState", "{not json");
    expect(loadLastState()).toBeNull();
  });
});
