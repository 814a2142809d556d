import { describe, expect, it } from "vitest";
import { applyPreviewsEvent, applyReactionsEvent } from "../../lib/timeline";
import { msg } from "../../lib/testData";
import { applyThreadMessage, applyThreadPart, type OpenThread } from "./openThread";

const root = msg(1, 3, { thread: { replyCount: 2, lastReplyAt: null, participants: ["u2"] } });
const reply = (seq: number, rev = seq) => msg(seq, rev, { threadRootId: "m1", alsoToRoom: false });
const thread = (): OpenThread => ({ roomId: "r1", root, replies: [reply(2), reply(4)], hasMoreOlder: false, state: null, error: null });

describe("the open thread", () => {
  it("takes an edit of a reply, newer only", () => {
    const o = thread();
    const edited = applyThreadMessage(o, { ...reply(4, 9), text: "fixed", editedAt: "2026-11-22T10:10:00Z" });
    expect(edited.replies.map((m) => m.text)).toEqual(["hello 2", "fixed"]);
    expect(applyThreadMessage(edited, { ...reply(4, 8), text: "older copy" })).toBe(edited);
  });

  it("shows a deleted reply as deleted, in its place", () => {
    const deleted = applyThreadMessage(thread(), { ...reply(2, 10), text: "", deletedAt: "2026-11-22T10:11:00Z" });
    expect(deleted.replies.map((m) => [m.seq, m.deletedAt !== null])).toEqual([[2, true], [4, false]]);
  });

  it("updates a reply's quote when the quoted reply is deleted", () => {
    const quoting = { ...reply(4), replyToId: "m2", replyTo: { id: "m2", seq: 2, senderId: "u2", text: "hello 2", deleted: false } };
    const o = { ...thread(), replies: [reply(2), quoting] };
    const deleted = applyThreadMessage(o, { ...reply(2, 10), text: "", deletedAt: "2026-11-22T10:11:00Z" });
    expect(deleted.replies[1]!.replyTo).toEqual({ id: "m2", seq: 2, senderId: "u2", text: "", deleted: true });
  });

  it("adds a new reply in seq order and leaves other threads' messages alone", () => {
    const o = thread();
    expect(applyThreadMessage(o, reply(3)).replies.map((m) => m.seq)).toEqual([2, 3, 4]);
    expect(applyThreadMessage(o, msg(5, 5, { threadRootId: "other" }))).toBe(o);
    expect(applyThreadMessage(o, msg(6))).toBe(o);
  });

  it("keeps the root's summary when its newer copy comes without one", () => {
    const next = applyThreadMessage(thread(), { ...root, rev: 7, text: "edited root", thread: null });
    expect(next.root.text).toBe("edited root");
    expect(next.root.thread?.replyCount).toBe(2);
  });

  it("takes reactions of a reply and of the root, newer only, and ignores other messages", () => {
    const o = thread();
    const reactions = [{ emoji: "👍", count: 1, userIds: ["u3"] }];
    const onReply = applyThreadPart(o, { roomId: "r1", messageId: "m4", rev: 11, reactions }, applyReactionsEvent);
    expect(onReply.replies[1]!.reactions).toEqual(reactions);
    expect(onReply.replies[1]!.rev).toBe(11);
    expect(applyThreadPart(onReply, { roomId: "r1", messageId: "m4", rev: 10, reactions: [] }, applyReactionsEvent)).toBe(onReply);
    expect(applyThreadPart(o, { roomId: "r1", messageId: "m1", rev: 12, reactions }, applyReactionsEvent).root.reactions).toEqual(reactions);
    expect(applyThreadPart(o, { roomId: "r1", messageId: "m9", rev: 13, reactions }, applyReactionsEvent)).toBe(o);
  });

  it("takes link previews of a reply", () => {
    const previews = [{ id: "p1", url: "https://example.com", title: "Example", description: null, siteName: null, imageUrl: null }];
    const next = applyThreadPart(thread(), { roomId: "r1", messageId: "m2", rev: 14, previews }, applyPreviewsEvent);
    expect(next.replies[0]!.previews).toEqual(previews);
  });
});
