// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangesPage, MessageDto, MessagePage, ReadEvent, RoomSummary } from "../../api/types";
import { msg } from "../../lib/testData";

// A fake hub connection: the test plays the server.
class FakeConnection {
  static last: FakeConnection;
  handlers = new Map<string, (p: unknown) => void>();
  isConnected = false;
  // Like the server: one page per room asked about (here: nothing changed).
  sync = vi.fn<(revs: Record<string, number>) => Promise<ChangesPage[]>>(async (revs) =>
    Object.entries(revs).map(([roomId, rev]) => ({ roomId, messages: [], lastRev: rev, hasMore: false, resyncRequired: false })));
  sendMessage = vi.fn<(roomId: string, m: { clientMessageId: string; text: string }) => Promise<MessageDto>>();
  markRead = vi.fn<(roomId: string, seq: number) => Promise<ReadEvent>>();
  constructor(public callbacks: { onStatus(s: string): void; onConnected(): void }) {
    FakeConnection.last = this;
  }
  on(event: string, h: (p: unknown) => void) {
    this.handlers.set(event, h);
  }
  emit(event: string, payload: unknown) {
    this.handlers.get(event)!(payload);
  }
  async start() {
    this.isConnected = true;
    this.callbacks.onStatus("connected");
    this.callbacks.onConnected();
  }
  drop() {
    this.isConnected = false;
    this.callbacks.onStatus("reconnecting");
  }
  reconnect() {
    this.isConnected = true;
    this.callbacks.onStatus("connected");
    this.callbacks.onConnected();
  }
  async stop() {}
  nudge() {}
}

const api = vi.hoisted(() => ({
  rooms: vi.fn(), history: vi.fn(), changes: vi.fn(), room: vi.fn(), user: vi.fn(), me: vi.fn(), logout: vi.fn(), deactivate: vi.fn(),
  updateRoom: vi.fn(), deleteFile: vi.fn(async () => undefined),
}));
// Uploads the test finishes by hand: each call to uploadFile leaves a handle here.
const uploadCalls = vi.hoisted(() => [] as {
  name: string; extras: Record<string, unknown>; progress: (l: number, t: number) => void; abort: ReturnType<typeof vi.fn>;
  resolve: (f: unknown) => void; reject: (e: unknown) => void;
}[]);
vi.mock("../../api/upload", () => {
  class UploadAborted extends Error {}
  return {
    UploadAborted,
    uploadFile: (_file: Blob, name: string, extras: Record<string, unknown>, progress: (l: number, t: number) => void) => {
      let resolve!: (f: unknown) => void, reject!: (e: unknown) => void;
      const done = new Promise((ok, fail) => { resolve = ok; reject = fail; });
      const abort = vi.fn(() => reject(new UploadAborted()));
      uploadCalls.push({ name, extras, progress, abort, resolve, reject });
      return { done, abort };
    },
  };
});
vi.mock("../../lib/media", () => ({ describeFile: async () => ({}) }));
vi.mock("../../realtime/connection", () => ({ ChatConnection: FakeConnection }));
vi.mock("../../api/client", () => ({
  api,
  ApiError: class extends Error {},
  errorText: (e: unknown) => String(e),
}));

const { ChatStore } = await import("./chatStore");
const { loadDraft, saveDraft } = await import("../composer/drafts");

const me = { id: "me", userName: "me", displayName: "Me", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-11-22T00:00:00Z" };
const summary = (lastSeq: number, lastRev: number, extra: Partial<RoomSummary> = {}): RoomSummary => ({
  room: { id: "r1", kind: "public", name: "general", topic: "", createdById: "u2", createdAt: "2026-11-22T00:00:00Z", lastSeq, lastRev, lastActivityAt: "2026-11-22T00:00:00Z", iconUrl: null },
  role: "member", lastReadSeq: lastSeq, unreadCount: 0, lastMessage: null, members: null, ...extra,
});
const flush = () => new Promise((r) => setTimeout(r, 0));
const seqs = (store: InstanceType<typeof ChatStore>) => store.getState().timelines.r1!.messages.map((m) => m.seq);

/** A promise the test resolves when it wants: a request still on its way. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function openStore(rev = 3, latest: MessagePage = { messages: [msg(1), msg(2), msg(3)], hasMore: false }) {
  api.rooms.mockResolvedValue([summary(rev, rev)]);
  api.history.mockResolvedValue(latest);
  api.room.mockResolvedValue({ room: summary(rev, rev).room, members: [], joined: true });
  api.user.mockResolvedValue({ id: "u2", userName: "bob", displayName: "Bob", statusText: "" });
  const store = new ChatStore(me, () => undefined);
  const conn = () => FakeConnection.last;
  await store.start();
  store.openRoom("r1");
  await flush();
  await flush();
  return { store, conn: conn() };
}

describe("ChatStore", () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    vi.clearAllMocks();
  });

  it("applies live events by id and rev, fetching changes on a gap", async () => {
    const { store, conn } = await openStore();
    conn.emit("MessageCreated", msg(4));
    conn.emit("MessageCreated", msg(4)); // a repeat
    expect(store.getState().timelines.r1!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(store.getState().summaries.r1!.unreadCount).toBe(1);

    api.changes.mockResolvedValue({ roomId: "r1", messages: [msg(5), msg(6)], lastRev: 6, hasMore: false, resyncRequired: false });
    conn.emit("MessageCreated", msg(6)); // rev 6 after 4: a gap
    await flush();
    expect(api.changes).toHaveBeenCalledWith("r1", 4);
    expect(store.getState().timelines.r1!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.getState().timelines.r1!.rev).toBe(6);
  });

  it("applies a MessagesCreated as its messages' MessageCreated events, in order", async () => {
    const { store, conn } = await openStore();
    conn.emit("MessagesCreated", [msg(4), msg(5), msg(6)]);
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.getState().timelines.r1!.rev).toBe(6);
    expect(store.getState().summaries.r1!.unreadCount).toBe(3);
    expect(api.changes).not.toHaveBeenCalled(); // no gap seen inside the batch
    conn.emit("MessageCreated", msg(7)); // and a lone one after it
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(store.getState().timelines.r1!.rev).toBe(7);
  });

  it("syncs after a reconnect and reloads a room that needs a resync", async () => {
    const { store, conn } = await openStore();
    conn.drop();
    conn.sync.mockResolvedValue([{ roomId: "r1", messages: [], lastRev: 9000, hasMore: false, resyncRequired: true }]);
    api.history.mockResolvedValue({ messages: [msg(8999, 9000)], hasMore: true });
    api.rooms.mockResolvedValue([summary(8999, 9000)]);
    conn.reconnect();
    await flush();
    await flush();
    expect(conn.sync).toHaveBeenLastCalledWith({ r1: 3 });
    const t = store.getState().timelines.r1!;
    expect(t.messages.map((m) => m.seq)).toEqual([8999]);
    expect(t.rev).toBe(9000);
    expect(t.hasMoreOlder).toBe(true);
  });

  it("queues messages while offline and sends them after the reconnect with the same clientMessageId", async () => {
    const { store, conn } = await openStore();
    conn.drop();
    store.sendMessage("r1", "while away", null);
    const pending = store.getState().outbox[0]!;
    expect(pending.status).toBe("queued");
    expect(conn.sendMessage).not.toHaveBeenCalled();

    conn.sendMessage.mockImplementation(async (_room, m) => msg(4, 4, { senderId: "me", clientMessageId: m.clientMessageId, text: m.text }));
    conn.reconnect();
    await flush();
    await flush();
    expect(conn.sendMessage).toHaveBeenCalledWith("r1", { clientMessageId: pending.clientMessageId, text: "while away", replyToId: null });
    expect(store.getState().outbox).toEqual([]);
    expect(store.getState().timelines.r1!.messages.at(-1)!.text).toBe("while away");
  });

  it("drops rooms the Sync answer leaves out", async () => {
    const { store, conn } = await openStore();
    conn.drop();
    conn.sync.mockResolvedValueOnce([]);
    api.rooms.mockResolvedValue([]);
    conn.reconnect();
    await flush();
    await flush();
    expect(store.getState().timelines.r1).toBeUndefined();
    expect(store.getState().summaries.r1).toBeUndefined();
  });

  it("marks a refused message failed and retries it with the same clientMessageId", async () => {
    const { store, conn } = await openStore();
    conn.sendMessage.mockRejectedValueOnce(new Error("An unexpected error occurred invoking 'SendMessage' on the server. HubException: too_large: Message is too long: 5000 characters, the limit is 4000."));
    store.sendMessage("r1", "x", null);
    await flush();
    const failed = store.getState().outbox[0]!;
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("Message is too long: 5000 characters, the limit is 4000.");

    conn.sendMessage.mockImplementation(async (_room, m) => msg(4, 4, { senderId: "me", clientMessageId: m.clientMessageId }));
    store.retrySend(failed.clientMessageId);
    await flush();
    expect(conn.sendMessage).toHaveBeenLastCalledWith("r1", expect.objectContaining({ clientMessageId: failed.clientMessageId }));
    expect(store.getState().outbox).toEqual([]);
  });

  it("follows a server role change live (the console and moderation menus show without a reload)", async () => {
    const { store, conn } = await openStore();
    expect(store.getState().me.role ?? "member").toBe("member");
    conn.emit("ServerRoleChanged", { role: "moderator" });
    expect(store.getState().me.role).toBe("moderator");
  });

  it("takes read positions from other tabs", async () => {
    const { store, conn } = await openStore();
    conn.emit("MessageCreated", msg(4));
    expect(store.getState().summaries.r1!.unreadCount).toBe(1);
    conn.emit("ReadMarked", { roomId: "r1", lastReadSeq: 4, unreadCount: 0 });
    expect(store.getState().summaries.r1!.unreadCount).toBe(0);
  });

  it("fetches what changed while the latest page was on its way after a resync", async () => {
    const { store, conn } = await openStore();
    conn.drop();
    conn.sync.mockResolvedValueOnce([{ roomId: "r1", messages: [], lastRev: 10, hasMore: false, resyncRequired: true }]);
    const page = deferred<MessagePage>();
    api.history.mockReturnValueOnce(page.promise);
    api.rooms.mockResolvedValue([summary(10, 10)]);
    api.changes.mockResolvedValue({ roomId: "r1", messages: [msg(11)], lastRev: 11, hasMore: false, resyncRequired: false });
    conn.reconnect();
    await flush();
    // Message 11 arrives live while the page (read before it was sent) is still on its way.
    conn.emit("MessageCreated", msg(11));
    page.resolve({ messages: [msg(8), msg(9), msg(10)], hasMore: true });
    await flush();
    await flush();
    expect(api.changes).toHaveBeenCalledWith("r1", 10);
    expect(seqs(store)).toEqual([8, 9, 10, 11]);
    expect(store.getState().timelines.r1!.rev).toBe(11);
  });

  it("discards an older page that arrives after a resync", async () => {
    const { store, conn } = await openStore(7, { messages: [msg(5), msg(6), msg(7)], hasMore: true });
    const older = deferred<MessagePage>();
    api.history.mockReturnValueOnce(older.promise);
    const loading = store.loadOlder("r1");
    conn.drop();
    conn.sync.mockResolvedValueOnce([{ roomId: "r1", messages: [], lastRev: 9000, hasMore: false, resyncRequired: true }]);
    api.history.mockResolvedValueOnce({ messages: [msg(8999, 9000)], hasMore: true });
    api.rooms.mockResolvedValue([summary(8999, 9000)]);
    conn.reconnect();
    await flush();
    await flush();
    older.resolve({ messages: [msg(3), msg(4)], hasMore: true });
    expect(await loading).toBe(false);
    expect(seqs(store)).toEqual([8999]);
  });

  it("ignores edits to messages older than the window until their page is loaded", async () => {
    const { store, conn } = await openStore(12, { messages: [msg(10), msg(11), msg(12)], hasMore: true });
    conn.emit("MessageEdited", msg(4, 13, { text: "edited", editedAt: "2026-11-22T11:00:00Z" }));
    conn.emit("ReactionsChanged", { roomId: "r1", messageId: "m5", rev: 14, reactions: [] });
    expect(seqs(store)).toEqual([10, 11, 12]);
    expect(store.getState().timelines.r1!.rev).toBe(14);
    expect(api.changes).not.toHaveBeenCalled();
  });

  it("sends a rate-limited message again after a while, same clientMessageId, with later ones of the room behind it", async () => {
    const { store, conn } = await openStore();
    vi.useFakeTimers();
    try {
      let seq = 3;
      conn.sendMessage.mockRejectedValueOnce(new Error("An unexpected error occurred invoking 'SendMessage' on the server. HubException: rate_limited retryAfter=2: Rate limited: too many messages. Retry in 2 s."));
      conn.sendMessage.mockImplementation(async (_room, m) => msg(++seq, seq, { senderId: "me", clientMessageId: m.clientMessageId, text: m.text }));
      store.sendMessage("r1", "first", null);
      store.sendMessage("r1", "second", null);
      await vi.advanceTimersByTimeAsync(0);
      expect(conn.sendMessage.mock.calls.map((c) => c[1].text)).toEqual(["first"]);
      expect(store.getState().outbox.map((m) => m.status)).toEqual(["queued", "queued"]);

      await vi.advanceTimersByTimeAsync(2000);
      const calls = conn.sendMessage.mock.calls.map((c) => c[1]);
      expect(calls.map((c) => c.text)).toEqual(["first", "first", "second"]);
      expect(calls[1]!.clientMessageId).toBe(calls[0]!.clientMessageId);
      expect(store.getState().outbox).toEqual([]);
      expect(seqs(store).slice(-2)).toEqual([4, 5]);
      expect(store.getState().timelines.r1!.messages.at(-1)!.text).toBe("second");
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps messages that arrived while MarkRead was on its way unread", async () => {
    const { store, conn } = await openStore();
    conn.emit("MessageCreated", msg(4));
    const answer = deferred<ReadEvent>();
    conn.markRead.mockReturnValueOnce(answer.promise);
    const marking = store.markRead("r1");
    conn.emit("MessageCreated", msg(5));
    answer.resolve({ roomId: "r1", lastReadSeq: 4, unreadCount: 0 });
    await marking;
    expect(conn.markRead).toHaveBeenCalledWith("r1", 4);
    expect(store.getState().summaries.r1).toMatchObject({ lastReadSeq: 4, unreadCount: 1 });
  });

  it("marks read again after MarkRead returns when asked while it was on its way", async () => {
    const { store, conn } = await openStore();
    conn.emit("MessageCreated", msg(4));
    const answer = deferred<ReadEvent>();
    conn.markRead.mockReturnValueOnce(answer.promise).mockResolvedValueOnce({ roomId: "r1", lastReadSeq: 5, unreadCount: 0 });
    const marking = store.markRead("r1");
    conn.emit("MessageCreated", msg(5));
    await store.markRead("r1"); // the message was seen: the timeline asks again
    answer.resolve({ roomId: "r1", lastReadSeq: 4, unreadCount: 0 });
    await marking;
    expect(conn.markRead.mock.calls).toEqual([["r1", 4], ["r1", 5]]);
    expect(store.getState().summaries.r1).toMatchObject({ lastReadSeq: 5, unreadCount: 0 });
  });

  it("counts unread by seq, messages a gap fetch brings included", async () => {
    const { store, conn } = await openStore();
    api.changes.mockResolvedValue({ roomId: "r1", messages: [msg(4), msg(5)], lastRev: 5, hasMore: false, resyncRequired: false });
    conn.emit("MessageCreated", msg(5));
    await flush();
    expect(seqs(store)).toEqual([1, 2, 3, 4, 5]);
    expect(store.getState().summaries.r1!.unreadCount).toBe(2);
  });

  it("keeps what hub events brought while the room list was on its way", async () => {
    const { store, conn } = await openStore();
    const list = deferred<RoomSummary[]>();
    api.rooms.mockReturnValueOnce(list.promise);
    const refreshing = store.refreshRooms();
    conn.emit("MessageCreated", msg(4));
    const other = { ...summary(1, 1), room: { ...summary(1, 1).room, id: "r2", name: "new" } };
    conn.emit("RoomAdded", other);
    list.resolve([summary(3, 3)]);
    await refreshing;
    expect(store.getState().summaries.r1).toMatchObject({ unreadCount: 1, room: { lastSeq: 4, lastRev: 4 } });
    expect(store.getState().summaries.r2).toBeDefined();
  });

  it("opens from the saved last state without the network, and goes live from the saved revs once connected", async () => {
    const saved = {
      v: 1 as const, me, savedAt: "2026-11-22T00:00:00Z", summaries: [summary(3, 3)], currentRoomId: "r1",
      timelines: { r1: { messages: [msg(1), msg(2), msg(3)], rev: 3, hasMoreOlder: false, loaded: true } },
      users: { u2: { id: "u2", userName: "bob", displayName: "Bob" } },
    };
    localStorage.setItem("parley.lastState", JSON.stringify(saved));
    const store = new ChatStore(me, () => undefined, saved);
    // Before any request: the saved list and messages, marked as the saved view.
    expect(store.getState().savedView).toBe(true);
    expect(store.getState().roomsLoaded).toBe(true);
    expect(seqs(store)).toEqual([1, 2, 3]);
    expect(store.getState().users.u2?.displayName).toBe("Bob");

    api.rooms.mockRejectedValueOnce(new Error("Can't reach the server.")).mockResolvedValue([summary(3, 3)]);
    await store.start();
    await flush();
    expect(store.getState().notice).toBeNull(); // the banner says it; no error toast on top
    // Connected: catch-up asks from the saved rev, and the view is live.
    expect(FakeConnection.last.sync).toHaveBeenCalledWith({ r1: 3 });
    expect(store.getState().savedView).toBe(false);

    api.logout.mockResolvedValue(undefined);
    await store.signOut();
    expect(localStorage.getItem("parley.lastState")).toBeNull();
  });

  it("keeps the outbox per tab, across a reload of that tab", async () => {
    const { store, conn } = await openStore();
    conn.drop();
    store.sendMessage("r1", "while away", null);
    expect(localStorage.length).toBe(0);
    await store.dispose();
    // The same tab reloads: the message is still there, to be sent with the same id.
    const reloaded = new ChatStore(me, () => undefined);
    expect(reloaded.getState().outbox).toMatchObject([{ text: "while away", status: "queued", clientMessageId: store.getState().outbox[0]!.clientMessageId }]);
  });

  it("takes over an outbox that earlier versions shared in localStorage, once", () => {
    const old = { clientMessageId: "c9", roomId: "r1", senderId: "me", text: "from before", replyToId: null, replyTo: null, createdAt: "2026-11-22T00:00:00Z", status: "sending", error: null };
    localStorage.setItem("parley.outbox.me", JSON.stringify([old]));
    expect(new ChatStore(me, () => undefined).getState().outbox).toMatchObject([{ clientMessageId: "c9", status: "queued" }]);
    expect(localStorage.getItem("parley.outbox.me")).toBeNull();
    // The same tab (StrictMode builds the store twice) still has it; the shared copy is gone for other tabs.
    expect(new ChatStore(me, () => undefined).getState().outbox).toMatchObject([{ clientMessageId: "c9" }]);
  });

  it("forgets the outbox and drafts on sign-out", async () => {
    const signedOut = vi.fn();
    api.rooms.mockResolvedValue([summary(3, 3)]);
    const store = new ChatStore(me, signedOut);
    await store.start();
    FakeConnection.last.drop();
    store.sendMessage("r1", "never mind", null);
    saveDraft("me", "r1", "half a thought");
    await store.signOut();
    expect(api.logout).toHaveBeenCalled();
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(sessionStorage.length).toBe(0);
    expect(loadDraft("me", "r1")).toBe("");
  });

  it("closes the hub before ending the session, so a connection still opening is not refused halfway", async () => {
    api.rooms.mockResolvedValue([summary(3, 3)]);
    const store = new ChatStore(me, () => undefined);
    await store.start();
    let closed!: () => void;
    const closing = new Promise<void>((r) => (closed = r));
    FakeConnection.last.stop = vi.fn(() => closing);
    api.logout.mockResolvedValue(undefined);
    const signingOut = store.signOut();
    await flush();
    expect(FakeConnection.last.stop).toHaveBeenCalled();
    expect(api.logout).not.toHaveBeenCalled(); // not while the hub is still closing
    closed();
    await signingOut;
    expect(api.logout).toHaveBeenCalled();
  });

  it("says why the server ended the session even when the connection's close is checked first", async () => {
    const signedOut = vi.fn();
    api.rooms.mockResolvedValue([summary(3, 3)]);
    const store = new ChatStore(me, signedOut);
    await store.start();
    const { ApiError } = await import("../../api/client");
    const unauthorized = Object.assign(Object.create(ApiError.prototype) as Error, { isUnauthorized: true });
    let answerFirst!: (e: unknown) => void;
    api.me.mockImplementationOnce(() => new Promise((_, fail) => (answerFirst = fail))).mockRejectedValueOnce(unauthorized);
    const conn = FakeConnection.last as unknown as { callbacks: { onStatus(s: string): void; onSessionEnded(r: string): void } };
    // The event's own check is asked first but answered last (the close's check overtakes it).
    conn.callbacks.onSessionEnded("signed_out_elsewhere");
    conn.callbacks.onStatus("disconnected");
    await flush();
    answerFirst(unauthorized);
    await flush();
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(signedOut).toHaveBeenCalledWith("signed_out_elsewhere");
  });

  it("connects once when started, disposed and started again, and not at all when disposed first", async () => {
    api.rooms.mockResolvedValue([summary(3, 3)]);
    const twice = new ChatStore(me, () => undefined);
    const first = vi.spyOn(FakeConnection.last, "start");
    void twice.start();
    void twice.dispose();
    await twice.start();
    await flush();
    expect(first).toHaveBeenCalledTimes(1);

    const once = new ChatStore(me, () => undefined);
    const second = vi.spyOn(FakeConnection.last, "start");
    const starting = once.start();
    await once.dispose();
    await starting;
    expect(second).not.toHaveBeenCalled();
  });

  it("syncs many rooms in batches the hub accepts", async () => {
    const rooms = Array.from({ length: 2500 }, (_, i) => ({ ...summary(1, 1), room: { ...summary(1, 1).room, id: `r${i}` } }));
    api.rooms.mockResolvedValue(rooms);
    const store = new ChatStore(me, () => undefined);
    await store.start();
    await flush();
    const conn = FakeConnection.last;
    expect(conn.sync.mock.calls.map((c) => Object.keys(c[0]).length)).toEqual([1000, 1000, 500]);
    expect(Object.keys(store.getState().summaries).length).toBe(2500);
  });

  it("closes the account with the password, then signs out and forgets what was kept; a wrong password changes nothing", async () => {
    const signedOut = vi.fn();
    api.rooms.mockResolvedValue([summary(3, 3)]);
    const store = new ChatStore(me, signedOut);
    await store.start();
    saveDraft("me", "r1", "draft");
    api.deactivate.mockRejectedValueOnce(new Error("Wrong password."));
    await expect(store.closeAccount("nope")).rejects.toThrow("Wrong password.");
    expect(signedOut).not.toHaveBeenCalled();
    expect(FakeConnection.last.isConnected).toBe(true);

    api.deactivate.mockResolvedValueOnce(undefined);
    await store.closeAccount("a long enough password");
    expect(api.deactivate).toHaveBeenLastCalledWith("a long enough password");
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(loadDraft("me", "r1")).toBe("");
  });

  it("renames a room and sets its topic, showing the answer at once", async () => {
    const { store } = await openStore();
    api.updateRoom.mockResolvedValue({ ...summary(4, 4).room, name: "renamed", topic: "New topic" });
    await store.updateRoom("r1", { name: "renamed", topic: "New topic" });
    expect(api.updateRoom).toHaveBeenCalledWith("r1", { name: "renamed", topic: "New topic" });
    expect(store.getState().summaries.r1!.room).toMatchObject({ name: "renamed", topic: "New topic" });
  });

  describe("jumping to a message far back", () => {
    /** A room of `n` messages (seq = rev) as the server holds it; history answers like GET …/messages. */
    function serveRoom(n: number) {
      const rows = new Map<number, MessageDto>();
      for (let i = 1; i <= n; i++) rows.set(i, msg(i));
      const server = {
        rows,
        lastRev: n,
        /** A new message or an edit, at the next rev: the server's copy, to emit or not. */
        write(seq: number, extra: Partial<MessageDto> = {}): MessageDto {
          const m = msg(seq, ++server.lastRev, extra);
          rows.set(seq, m);
          return m;
        },
        page(opts: { before?: number; after?: number; limit?: number }): MessagePage {
          const limit = opts.limit ?? 50;
          const all = [...rows.values()].sort((a, b) => a.seq - b.seq);
          if (opts.after !== undefined) {
            const newer = all.filter((m) => m.seq > opts.after!);
            return { messages: newer.slice(0, limit), hasMore: newer.length > limit };
          }
          const older = all.filter((m) => opts.before === undefined || m.seq < opts.before);
          return { messages: older.slice(-limit), hasMore: older.length > limit };
        },
        changes(since: number): ChangesPage {
          const messages = [...rows.values()].filter((m) => m.rev > since).sort((a, b) => a.rev - b.rev);
          return { roomId: "r1", messages, lastRev: server.lastRev, hasMore: false, resyncRequired: false };
        },
      };
      return server;
    }

    async function openBigRoom(n: number) {
      const server = serveRoom(n);
      const opened = await openStore(n, server.page({}));
      api.history.mockImplementation(async (_room: string, opts: { before?: number; after?: number; limit?: number }) => server.page(opts));
      api.changes.mockImplementation(async (_room: string, since: number) => server.changes(since));
      return { ...opened, server };
    }

    const timeline = (store: InstanceType<typeof ChatStore>) => store.getState().timelines.r1!;
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    async function scrollDownToLatest(store: InstanceType<typeof ChatStore>) {
      for (let i = 0; i < 100 && timeline(store).detached; i++) await store.loadNewer("r1");
    }

    it("loads only the window around the message, detached from the latest, and highlights it", async () => {
      const { store } = await openBigRoom(5000);
      api.history.mockClear();
      await store.jumpTo("r1", "m100", 100);
      expect(api.history.mock.calls.map((c) => c[1])).toEqual([{ before: 101, limit: 30 }, { after: 100, limit: 30 }]);
      expect(seqs(store)).toEqual(range(71, 130));
      expect(timeline(store)).toMatchObject({ detached: true, hasMoreOlder: true, loaded: true });
      expect(store.getState().highlight).toMatchObject({ roomId: "r1", messageId: "m100" });
      // Older pages still load above it.
      await store.loadOlder("r1");
      expect(seqs(store)).toEqual(range(21, 130));
    });

    it("stays joined to the latest when the message is just before the held page", async () => {
      const { store } = await openBigRoom(300);
      await store.jumpTo("r1", "m240", 240);
      expect(seqs(store)).toEqual(range(211, 300));
      expect(timeline(store).detached).toBeUndefined();
    });

    it("joins the latest by loading newer pages as the reader scrolls down", async () => {
      const { store } = await openBigRoom(300);
      await store.jumpTo("r1", "m100", 100);
      api.history.mockClear();
      await scrollDownToLatest(store);
      expect(api.history.mock.calls.map((c) => c[1])).toEqual([130, 180, 230, 280].map((after) => ({ after, limit: 50 })));
      expect(seqs(store)).toEqual(range(71, 300));
      expect(timeline(store).detached).toBeUndefined();
      expect(await store.loadNewer("r1")).toBe(false);
    });

    it("keeps live messages out of a detached window and has them once it joins, edits in the window applied", async () => {
      const { store, conn, server } = await openBigRoom(300);
      await store.jumpTo("r1", "m100", 100);
      conn.emit("MessageCreated", server.write(301));
      conn.emit("MessageEdited", server.write(110, { text: "edited" }));
      expect(seqs(store)).toEqual(range(71, 130));
      expect(timeline(store).messages.find((m) => m.seq === 110)!.text).toBe("edited");
      expect(timeline(store).rev).toBe(302);
      expect(store.getState().summaries.r1!.room.lastSeq).toBe(301);

      // The last page is read; a message sent after that comes live before the page lands.
      await store.loadNewer("r1");
      await store.loadNewer("r1");
      await store.loadNewer("r1");
      const last = deferred<MessagePage>();
      api.history.mockImplementationOnce(async (_room: string, opts: { after?: number; limit?: number }) => {
        const page = server.page(opts);
        return last.promise.then(() => page);
      });
      const joining = store.loadNewer("r1");
      conn.emit("MessageCreated", server.write(302));
      last.resolve({ messages: [], hasMore: false });
      await joining;
      await flush();
      expect(seqs(store)).toEqual(range(71, 302));
      expect(timeline(store).detached).toBeUndefined();
      expect(timeline(store).rev).toBe(server.lastRev);
      // Joined: live messages go in again.
      conn.emit("MessageCreated", server.write(303));
      expect(seqs(store)).toEqual(range(71, 303));
    });

    it("catches up after a reconnect while detached: changes in the window applied, newer messages come when it joins", async () => {
      const { store, conn, server } = await openBigRoom(300);
      await store.jumpTo("r1", "m100", 100);
      conn.drop();
      server.write(301);
      server.write(120, { text: "edited while away" });
      server.write(302);
      conn.sync.mockImplementationOnce(async (revs) => [server.changes(revs.r1!)]);
      api.rooms.mockResolvedValue([summary(302, 303)]);
      conn.reconnect();
      await flush();
      await flush();
      expect(conn.sync).toHaveBeenLastCalledWith({ r1: 300 });
      expect(seqs(store)).toEqual(range(71, 130));
      expect(timeline(store).messages.find((m) => m.seq === 120)!.text).toBe("edited while away");
      expect(timeline(store).rev).toBe(303);
      await scrollDownToLatest(store);
      expect(seqs(store)).toEqual(range(71, 302));
    });

    it("goes back to the latest page on Jump to latest and when sending", async () => {
      const { store, conn, server } = await openBigRoom(300);
      await store.jumpTo("r1", "m100", 100);
      conn.emit("MessageCreated", server.write(301));
      store.showLatest("r1");
      await flush();
      await flush();
      expect(seqs(store)).toEqual(range(252, 301));
      expect(timeline(store).detached).toBeUndefined();

      await store.jumpTo("r1", "m100", 100);
      expect(timeline(store).detached).toBe(true);
      conn.sendMessage.mockReturnValue(new Promise(() => undefined));
      store.sendMessage("r1", "hi", null);
      await flush();
      await flush();
      expect(seqs(store)).toEqual(range(252, 301));
      expect(timeline(store).detached).toBeUndefined();
    });
  });

  describe("attachments", () => {
    const fileDto = (id: string, name: string) => ({
      id, name, contentType: "text/plain", kind: "file", size: 5, width: null, height: null, durationMs: null, url: `/api/files/${id}/content`, thumbnailUrl: null, voice: false,
    });
    const text = (t: string) => new Blob([t], { type: "text/plain" });

    it("uploads staged files with progress, holds the send while they run, and sends the caption and files as one message", async () => {
      uploadCalls.length = 0;
      const { store, conn } = await openStore();
      conn.sendMessage.mockImplementation(async (_room, m) => msg(4, 4, { senderId: "me", clientMessageId: m.clientMessageId, text: m.text }));
      store.addFiles("r1", [{ file: text("aaaaa"), name: "a.txt" }, { file: text("bbbbb"), name: "b.txt" }]);
      await flush();
      expect(uploadCalls.map((c) => c.name)).toEqual(["a.txt", "b.txt"]);
      uploadCalls[0]!.progress(50, 100);
      expect(store.getState().uploads.r1!.map((u) => [u.status, u.loaded])).toEqual([["uploading", 50], ["uploading", 0]]);
      uploadCalls[0]!.resolve(fileDto("f1", "a.txt"));
      await flush();
      expect(store.sendWithUploads("r1", "two files", null)).toBe(false); // b.txt is still on its way

      // Cancelling the running one aborts its request; the finished one stays.
      store.removeUpload("r1", store.getState().uploads.r1![1]!.key);
      expect(uploadCalls[1]!.abort).toHaveBeenCalled();
      await flush();
      expect(store.getState().uploads.r1!.map((u) => u.name)).toEqual(["a.txt"]);

      expect(store.sendWithUploads("r1", "one file", null)).toBe(true);
      expect(store.getState().uploads.r1).toBeUndefined();
      await flush();
      expect(conn.sendMessage).toHaveBeenCalledWith("r1", expect.objectContaining({ text: "one file", fileIds: ["f1"] }));
    });

    it("removing a finished upload deletes it on the server; a failed one shows the error and can be retried", async () => {
      uploadCalls.length = 0;
      const { store } = await openStore();
      store.addFiles("r1", [{ file: text("aaaaa"), name: "a.txt" }]);
      await flush();
      uploadCalls[0]!.reject(new Error("The file is too large: the limit is 50 MB."));
      await flush();
      const u = store.getState().uploads.r1![0]!;
      expect(u.status).toBe("failed");
      expect(u.error).toContain("too large");
      store.retryUpload("r1", u.key);
      await flush();
      expect(uploadCalls).toHaveLength(2);
      uploadCalls[1]!.resolve(fileDto("f9", "a.txt"));
      await flush();
      store.removeUpload("r1", u.key);
      expect(api.deleteFile).toHaveBeenCalledWith("f9");
      expect(store.getState().uploads.r1).toBeUndefined();
    });

    it("a voice message is sent by itself as soon as it is uploaded, with its duration", async () => {
      uploadCalls.length = 0;
      const { store, conn } = await openStore();
      conn.sendMessage.mockImplementation(async (_room, m) => msg(4, 4, { senderId: "me", clientMessageId: m.clientMessageId, text: m.text }));
      store.addFiles("r1", [{ file: new Blob(["x"], { type: "audio/webm" }), name: "Voice message.webm", voice: { durationMs: 3200 }, autoSend: true }]);
      await flush();
      expect(uploadCalls[0]!.extras.durationMs).toBe(3200);
      uploadCalls[0]!.resolve({ ...fileDto("v1", "Voice message.webm"), kind: "audio" });
      await flush();
      await flush();
      expect(conn.sendMessage).toHaveBeenCalledWith("r1", expect.objectContaining({ text: "", fileIds: ["v1"] }));
      expect(store.getState().uploads.r1).toBeUndefined();
    });
  });
});
