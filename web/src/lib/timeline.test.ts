import { describe, expect, it } from "vitest";
import { applyChangesPage, applyHistoryPage, applyMessageEvent, applyPinEvent, applyPreviewsEvent, applyReactionsEvent, emptyTimeline, refreshQuotes, upsertMessages } from "./timeline";
import { msg } from "./testData";

const loaded = (rev: number, ...seqs: number[]) => ({ ...emptyTimeline(rev), loaded: true, hasMoreOlder: false, messages: seqs.map((s) => msg(s)) });

describe("timeline", () => {
  it("keeps seq order and no duplicates", () => {
    const out = upsertMessages([msg(1), msg(3)], [msg(2), msg(3), msg(5), msg(4)]);
    expect(out.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("replaces a message only with a higher rev", () => {
    const base = [msg(1, 1)];
    expect(upsertMessages(base, [msg(1, 1, { text: "other" })])).toBe(base);
    expect(upsertMessages(base, [msg(1, 4, { text: "edited" })])[0]!.text).toBe("edited");
    expect(upsertMessages([msg(1, 5, { text: "new" })], [msg(1, 4, { text: "old" })])[0]!.text).toBe("new");
  });

  it("advances rev on the next event and ignores repeats", () => {
    const t = loaded(3, 1, 2, 3);
    const a = applyMessageEvent(t, msg(4));
    expect(a.gap).toBe(false);
    expect(a.timeline.rev).toBe(4);
    const b = applyMessageEvent(a.timeline, msg(4));
    expect(b.timeline).toBe(a.timeline);
  });

  it("detects a gap", () => {
    const r = applyMessageEvent(loaded(3, 1, 2, 3), msg(6));
    expect(r.gap).toBe(true);
    expect(r.timeline.rev).toBe(3);
  });

  it("applies reactions by rev", () => {
    const t = loaded(3, 1, 2, 3);
    const r = applyReactionsEvent(t, { roomId: "r1", messageId: "m2", rev: 4, reactions: [{ emoji: "👍", count: 1, userIds: ["u1"] }] });
    expect(r.timeline.messages[1]!.reactions[0]!.count).toBe(1);
    expect(r.timeline.rev).toBe(4);
    const stale = applyReactionsEvent(r.timeline, { roomId: "r1", messageId: "m2", rev: 4, reactions: [] });
    expect(stale.timeline.messages[1]!.reactions.length).toBe(1);
  });

  it("applies link previews by rev, and their removal", () => {
    const card = { id: "p1", url: "https://example.com/", siteName: "Example", title: "Example", description: null, imageUrl: null };
    const t = loaded(3, 1, 2, 3);
    const r = applyPreviewsEvent(t, { roomId: "r1", messageId: "m2", rev: 4, previews: [card] });
    expect(r.timeline.messages[1]!.previews).toEqual([card]);
    expect(r.timeline.rev).toBe(4);
    expect(applyPreviewsEvent(r.timeline, { roomId: "r1", messageId: "m2", rev: 4, previews: [] }).timeline.messages[1]!.previews).toEqual([card]);
    const removed = applyPreviewsEvent(r.timeline, { roomId: "r1", messageId: "m2", rev: 5, previews: [] });
    expect(removed.timeline.messages[1]!.previews).toEqual([]);
    expect(removed.gap).toBe(false);
  });

  it("applies pins and unpins by rev", () => {
    const t = loaded(3, 1, 2, 3);
    const pinned = applyPinEvent(t, { roomId: "r1", messageId: "m2", rev: 4, pinnedBy: "u1", pinnedAt: "2026-01-01T00:00:00Z" });
    expect(pinned.timeline.messages[1]!.pinned).toEqual({ pinnedBy: "u1", pinnedAt: "2026-01-01T00:00:00Z" });
    expect(pinned.timeline.rev).toBe(4);
    // An older event (the pin arriving after its unpin) changes nothing.
    const unpinned = applyPinEvent(pinned.timeline, { roomId: "r1", messageId: "m2", rev: 6, pinnedBy: null, pinnedAt: null });
    expect(unpinned.gap).toBe(true);
    expect(unpinned.timeline.messages[1]!.pinned).toBeNull();
    expect(applyPinEvent(unpinned.timeline, { roomId: "r1", messageId: "m2", rev: 5, pinnedBy: "u1", pinnedAt: "x" }).timeline.messages[1]!.pinned).toBeNull();
  });

  it("applies a changes page and fills gaps", () => {
    const t = loaded(3, 1, 2, 3);
    const r = applyChangesPage(t, { roomId: "r1", messages: [msg(4), msg(2, 5, { text: "", deletedAt: "2026-11-22T10:00:00Z" }), msg(5, 6)], lastRev: 6, hasMore: false, resyncRequired: false });
    expect(r.timeline.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(r.timeline.messages[1]!.deletedAt).not.toBeNull();
    expect(r.timeline.rev).toBe(6);
    expect(r.more).toBe(false);
  });

  it("drops the cache on resyncRequired", () => {
    const r = applyChangesPage(loaded(3, 1, 2, 3), { roomId: "r1", messages: [], lastRev: 9000, hasMore: false, resyncRequired: true });
    expect(r.resync).toBe(true);
    expect(r.timeline.messages).toEqual([]);
    expect(r.timeline.rev).toBe(9000);
    expect(r.timeline.loaded).toBe(false);
  });

  it("merges history pages", () => {
    let t = applyHistoryPage(emptyTimeline(10), [msg(8), msg(9), msg(10)], true, "latest");
    expect(t.loaded).toBe(true);
    t = applyHistoryPage(t, [msg(6), msg(7)], false, "older");
    expect(t.messages.map((m) => m.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(t.hasMoreOlder).toBe(false);
  });

  it("keeps a reply quote when a live edit comes without one", () => {
    const quote = { id: "m1", seq: 1, senderId: "u2", text: "hello 1", deleted: false };
    const t = upsertMessages([msg(2, 2, { replyToId: "m1", replyTo: quote })], [msg(2, 3, { replyToId: "m1", replyTo: null, text: "edit" })]);
    expect(t[0]!.replyTo).toEqual(quote);
  });

  it("leaves out changes to messages older than the window while older pages remain", () => {
    const t = { ...loaded(12, 10, 11, 12), hasMoreOlder: true };
    const edit = applyMessageEvent(t, msg(4, 13, { text: "edited" }));
    expect(edit.timeline.messages.map((m) => m.seq)).toEqual([10, 11, 12]);
    expect(edit.timeline.rev).toBe(13);
    const r = applyChangesPage(edit.timeline, { roomId: "r1", messages: [msg(5, 14), msg(11, 15, { text: "edited" })], lastRev: 15, hasMore: false, resyncRequired: false });
    expect(r.timeline.messages.map((m) => m.seq)).toEqual([10, 11, 12]);
    expect(r.timeline.messages[1]!.text).toBe("edited");
    // With the beginning held there is no hole to hide.
    expect(applyMessageEvent(loaded(3, 2, 3), msg(1, 4)).timeline.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("updates the quotes of replies when the quoted message is edited or deleted, as a fresh load shows them", () => {
    const quote = { id: "m1", seq: 1, senderId: "u2", text: "hello 1", deleted: false };
    const t = loaded(3, 1, 2, 3);
    t.messages[2] = msg(3, 3, { replyToId: "m1", replyTo: quote });
    const edited = applyMessageEvent(t, msg(1, 4, { text: "changed", editedAt: "2026-11-22T11:00:00Z" })).timeline;
    expect(edited.messages[2]!.replyTo).toEqual({ ...quote, text: "changed" });
    const deleted = applyMessageEvent(edited, msg(1, 5, { text: "", deletedAt: "2026-11-22T11:01:00Z", editedAt: "2026-11-22T11:00:00Z" })).timeline;
    expect(deleted.messages[2]!.replyTo).toEqual({ ...quote, text: "", deleted: true });
    // Deleted stays deleted: a late copy of the edit can't bring its text back.
    const late = applyChangesPage(deleted, { roomId: "r1", messages: [msg(1, 4, { text: "changed", editedAt: "2026-11-22T11:00:00Z" })], lastRev: 5, hasMore: false, resyncRequired: false });
    expect(late.timeline.messages[2]!.replyTo!.deleted).toBe(true);
    // Long text is cut as the server cuts it.
    const long = applyMessageEvent(t, msg(1, 4, { text: "x".repeat(250), editedAt: "2026-11-22T11:00:00Z" })).timeline;
    expect(long.messages[2]!.replyTo!.text).toBe("x".repeat(200) + "…");
  });

  it("updates a reply's quote of a message older than the window, and from a changes page", () => {
    const quote = { id: "m4", seq: 4, senderId: "u2", text: "hello 4", deleted: false };
    const t = { ...loaded(12, 10, 11), hasMoreOlder: true };
    t.messages[1] = msg(11, 11, { replyToId: "m4", replyTo: quote });
    const edit = applyMessageEvent(t, msg(4, 13, { text: "edited", editedAt: "2026-11-22T11:00:00Z" })).timeline;
    expect(edit.messages.map((m) => m.seq)).toEqual([10, 11]);
    expect(edit.messages[1]!.replyTo!.text).toBe("edited");
    const r = applyChangesPage(t, { roomId: "r1", messages: [msg(4, 14, { text: "", deletedAt: "2026-11-22T11:01:00Z" })], lastRev: 14, hasMore: false, resyncRequired: false });
    expect(r.timeline.messages[1]!.replyTo!.deleted).toBe(true);
    // Nothing quotes it: the same messages.
    expect(refreshQuotes(t.messages, [msg(7, 14, { deletedAt: "2026-11-22T11:01:00Z" })])).toBe(t.messages);
  });

  it("keeps the rev of a timeline that is not loaded", () => {
    const t = emptyTimeline(5);
    expect(applyMessageEvent(t, msg(6)).timeline).toBe(t);
    expect(applyReactionsEvent(t, { roomId: "r1", messageId: "m1", rev: 6, reactions: [] }).timeline).toBe(t);
    const r = applyChangesPage(t, { roomId: "r1", messages: [msg(6)], lastRev: 6, hasMore: true, resyncRequired: false });
    expect(r.timeline).toBe(t);
    expect(r.more).toBe(false);
  });
});
