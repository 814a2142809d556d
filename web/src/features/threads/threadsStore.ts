import { api, errorText } from "../../api/client";
import type {
  FollowedThread, Guid, MessageDto, MessagePinnedEvent, MessagePreviewsEvent, PollChangedEvent, ReactionsChangedEvent, ThreadChangedEvent, ThreadState,
} from "../../api/types";
import { applyPinEvent, applyPreviewsEvent, applyReactionsEvent, upsertMessages, type Timeline } from "../../lib/timeline";
import { Store } from "../../lib/store";
import { HubEvents, type HubEventName } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";
import { applyPollEvent } from "../polls/pollState";
import { applyThreadMessage, applyThreadPart, type OpenThread } from "./openThread";

export type { OpenThread } from "./openThread";

export interface ThreadsState {
  /** The thread shown in the side panel. */
  open: OpenThread | null;
  /** Threads I follow (GET /api/threads, first page), latest activity first. */
  followed: FollowedThread[];
}

/**
 * Threads (issue 21): the open thread panel and the list of followed threads. Replies come through the room's
 * events like any message (the chat store keeps the room's seq/rev); this store takes those of the open thread and
 * reloads the followed list when a followed thread moves.
 */
export class ThreadsStore extends Store<ThreadsState> {
  private readonly offs: (() => void)[] = [];
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly chat: ChatStore) {
    super({ open: null, followed: [] });
  }

  start(): void {
    const onMessage = (m: MessageDto) => this.applyMessage(m);
    // Reactions, previews, pins and polls of the open thread's messages change as they do in the room.
    const part = <E extends { messageId: Guid }>(event: HubEventName, reduce: (t: Timeline, e: E) => { timeline: Timeline }) =>
      this.chat.onHub<E>(event, (e) => this.setOpen((o) => applyThreadPart(o, e, reduce)));
    this.offs.push(
      part<ReactionsChangedEvent>(HubEvents.ReactionsChanged, applyReactionsEvent),
      part<MessagePreviewsEvent>(HubEvents.MessagePreviews, applyPreviewsEvent),
      part<MessagePinnedEvent>(HubEvents.MessagePinned, applyPinEvent),
      part<PollChangedEvent>(HubEvents.PollChanged, applyPollEvent),
      this.chat.onHub<MessageDto>(HubEvents.MessageCreated, onMessage),
      this.chat.onHub<MessageDto>(HubEvents.MessageEdited, onMessage),
      this.chat.onHub<MessageDto>(HubEvents.MessageDeleted, onMessage),
      this.chat.onHub<ThreadChangedEvent>(HubEvents.ThreadChanged, (e) => this.applyThread(e)),
      this.chat.onHub<ThreadState>(HubEvents.ThreadStateChanged, (s) => this.applyState(s)),
      this.chat.onConnected(() => {
        this.scheduleReload();
        const open = this.getState().open;
        if (open) void this.loadReplies(open.root);
      }),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
  }

  /** Threads with replies I haven't read. */
  unreadThreads(): number {
    return this.getState().followed.filter((t) => t.unreadCount > 0).length;
  }

  async loadFollowed(): Promise<void> {
    try {
      const page = await api.threads(undefined, 50);
      for (const t of page.items) this.chat.ensureUser(t.root.senderId);
      this.set({ followed: page.items });
    } catch {
      // The list stays as it was; the next event or reconnect tries again.
    }
  }

  private scheduleReload(): void {
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.loadFollowed();
    }, 300);
  }

  /**
   * Opens a message's thread in the side panel (a reply opens its root's). `highlight`: a jump to this reply (search,
   * mentions, saved): the panel pages back to it if need be, then shows and flashes it.
   */
  async openThread(m: MessageDto, highlight = false): Promise<void> {
    const rootId = m.threadRootId ?? m.id;
    const held = rootId === m.id ? m : this.chat.getState().timelines[m.roomId]?.messages.find((x) => x.id === rootId);
    const highlightId = highlight && m.threadRootId ? m.id : null;
    this.set({ open: { roomId: m.roomId, root: held ?? m, replies: [], hasMoreOlder: false, state: null, error: null, highlightId } });
    try {
      const t = await api.thread(rootId);
      if (this.getState().open?.root.id !== rootId && this.getState().open?.root.id !== m.id) return;
      this.setOpen((o) => ({ ...o, root: t.root, state: t.state }));
      await this.loadReplies(t.root);
      for (let i = 0; highlightId && i < ThreadsStore.MAX_PAGES_BACK && this.lacksReply(rootId, highlightId); i++) await this.loadOlder();
    } catch (e) {
      this.setOpen((o) => ({ ...o, error: errorText(e) }));
    }
  }

  /** How far back (pages of 50) a jump to an old reply looks before it gives up. */
  private static readonly MAX_PAGES_BACK = 20;

  private lacksReply(rootId: Guid, id: Guid): boolean {
    const open = this.getState().open;
    return open?.root.id === rootId && open.hasMoreOlder && !open.replies.some((m) => m.id === id);
  }

  /** The panel has shown the reply jumped to. */
  highlightShown(): void {
    this.setOpen((o) => (o.highlightId ? { ...o, highlightId: null } : o));
  }

  close(): void {
    this.set({ open: null });
  }

  private async loadReplies(root: MessageDto): Promise<void> {
    const page = await api.threadPage(root.roomId, root.id, { limit: 50 });
    for (const r of page.messages) this.chat.ensureUser(r.senderId);
    this.setOpen((o) => (o.root.id === root.id ? { ...o, replies: upsertMessages(o.replies, page.messages), hasMoreOlder: page.hasMore } : o));
    this.markRead();
  }

  async loadOlder(): Promise<void> {
    const open = this.getState().open;
    const first = open?.replies[0];
    if (!open || !first || !open.hasMoreOlder) return;
    const page = await api.threadPage(open.roomId, open.root.id, { before: first.seq, limit: 50 });
    this.setOpen((o) => (o.root.id === open.root.id ? { ...o, replies: upsertMessages(page.messages, o.replies), hasMoreOlder: page.hasMore } : o));
  }

  /**
   * Queues a reply in the open thread (the chat store's outbox sends it, again after a disconnect); it shows pending in
   * the panel until the server has it. Replying follows the thread (as the server records).
   */
  send(text: string, alsoToRoom: boolean): boolean {
    const open = this.getState().open;
    if (!open || text.trim() === "") return false;
    this.chat.sendThreadReply(open.roomId, open.root.id, text, alsoToRoom);
    this.setOpen((o) => (o.root.id === open.root.id && o.state ? { ...o, state: { ...o.state, following: true } } : o));
    return true;
  }

  async follow(follow: boolean): Promise<void> {
    const open = this.getState().open;
    if (!open) return;
    try {
      this.applyState(await api.followThread(open.root.id, follow));
    } catch (e) {
      this.setOpen((o) => ({ ...o, error: errorText(e) }));
    }
  }

  /** The open thread is on screen: its replies so far are read (the server keeps a position only for threads I was in). */
  private markRead(): void {
    const open = this.getState().open;
    const last = open?.replies[open.replies.length - 1];
    if (!open || !last || (open.state?.lastReadSeq ?? 0) >= last.seq || document.hidden) return;
    void api.markThreadRead(open.root.id, last.seq).then((s) => this.applyState(s), () => undefined);
  }

  private applyMessage(m: MessageDto): void {
    const open = this.getState().open;
    if (open) {
      if (m.threadRootId === open.root.id) this.chat.ensureUser(m.senderId);
      this.setOpen((o) => applyThreadMessage(o, m));
      if (m.threadRootId === open.root.id) this.markRead();
    }
    // A reply in a thread I may follow (or one that mentions me): the list's counts move.
    if (m.threadRootId && (this.getState().followed.some((t) => t.root.id === m.threadRootId) || m.senderId === this.chat.getState().me.id
      || m.mentions?.includes(this.chat.getState().me.id) || this.isMine(m.threadRootId))) this.scheduleReload();
  }

  private isMine(rootId: Guid): boolean {
    const me = this.chat.getState().me.id;
    return Object.values(this.chat.getState().timelines).some((t) => t.messages.some((x) => x.id === rootId && x.senderId === me));
  }

  private applyThread(e: ThreadChangedEvent): void {
    const open = this.getState().open;
    if (open?.root.id === e.rootId && open.root.rev < e.rev) this.setOpen((o) => ({ ...o, root: { ...o.root, rev: e.rev, thread: e.thread } }));
    const followed = this.getState().followed;
    if (followed.some((t) => t.root.id === e.rootId)) {
      this.set({ followed: followed.map((t) => (t.root.id === e.rootId && t.root.rev < e.rev ? { ...t, root: { ...t.root, rev: e.rev, thread: e.thread } } : t)) });
    }
  }

  private applyState(s: ThreadState): void {
    const open = this.getState().open;
    if (open?.root.id === s.rootId) this.setOpen((o) => ({ ...o, state: s }));
    this.scheduleReload();
  }

  private setOpen(change: (o: OpenThread) => OpenThread): void {
    const open = this.getState().open;
    const next = open && change(open);
    if (next && next !== open) this.set({ open: next });
  }
}
