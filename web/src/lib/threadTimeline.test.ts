import { describe, expect, it } from "vitest";
import type { MessageDto } from "../api/types";
import { applyThreadEvent, isThreadOnly } from "./timeline";
import { countsAsUnread } from "./unread";

const msg = (seq: number, extra: Partial<MessageDto> = {}): MessageDto => ({
  id: `m${seq}`, roomId: "r", seq, rev: seq, senderId: "other", kind: "text", text: `t${seq}`, clientMessageId: null,
  replyToId: null, replyTo: null, createdAt: "2026-01-01T00:00:00Z", editedAt: null, deletedAt: null, reactions: [], files: [], ...extra,
});

describe("threads in the room timeline", () => {
  it("applies a root's new summary by rev and advances the timeline's rev", () => {
    const t = { messages: [msg(1), msg(2, { threadRootId: "m1" })], rev: 2, hasMoreOlder: false, loaded: true };
    const thread = { replyCount: 1, lastReplyAt: "2026-01-01T00:01:00Z", participants: ["other"] };
    const r = applyThreadEvent(t, { roomId: "r", rootId: "m1", rev: 3, thread });
    expect(r.gap).toBe(false);
    expect(r.timeline.rev).toBe(3);
    expect(r.timeline.messages[0]!.thread).toEqual(thread);
    // An older event changes nothing.
    expect(applyThreadEvent(r.timeline, { roomId: "r", rootId: "m1", rev: 3, thread: null }).timeline).toBe(r.timeline);
  });

  it("keeps thread-only replies out of the room and its unread count", () => {
    const only = msg(2, { threadRootId: "m1" });
    const shared = msg(3, { threadRootId: "m1", alsoToRoom: true });
    expect(isThreadOnly(only)).toBe(true);
    expect(isThreadOnly(shared)).toBe(false);
    expect([msg(1), only, shared].filter((m) => countsAsUnread(m, "me", 0)).map((m) => m.seq)).toEqual([1, 3]);
  });
});
