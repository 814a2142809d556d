import { api, ApiError, errorText } from "../../api/client";
import { removalNotice } from "../moderation/removalNotice";
import type {
  ServerRole,
  RoomChange,
  FileDto, Guid, MeDto, MemberDto, MemberEvent, MessageDto, MessagePinnedEvent, MessagePreviewsEvent, ReactionsChangedEvent, ReadEvent, RoomDto,
  NotificationLevel, NotificationLevelChangedEvent, RoomRemovedEvent, RoomSummary, TypingEvent, UpdateMeRequest, UserDto,
  ThreadChangedEvent, PollChangedEvent, PollVotedEvent, CreatePollRequest,
} from "../../api/types";
import { ChatConnection } from "../../realtime/connection";
import { HubEvents, type HubEventName } from "../../realtime/events";
import { ChatStateCell, knownMe, type ChatState, type FileToStage } from "./chatState";
import { HubEventBus } from "./hubEventBus";
import { StagedUploads } from "./stagedUploads";
import { OutboxSender } from "./outboxSender";
import { TypingIndicators } from "./typingIndicators";
import { UnreadPositions } from "./unreadPositions";
import { isMembershipLine, RoomTimelines } from "./roomTimelines";
import { CatchUp } from "./catchUp";
import { UserDirectory } from "./userDirectory";
import { RoomList } from "./roomList";
import type { EmojiIndex } from "../../lib/emoji";
import { clearOutbox, loadOutbox } from "./outboxStorage";
import { clearDrafts } from "../composer/drafts";
import { clearLastState, stateFromSaved, type SavedState } from "../shell/lastState";

export type { ChatState, FileToStage, KnownUser, TypingUser } from "./chatState";

/**
 * The session's chat store as components and the stores beside it see it: one state (chatState.ts), the actions, and
 * the lifecycle (start, reconnect, sign-out). It routes each hub event to the part that owns it and delegates the
 * work: roomList, roomTimelines, unreadPositions, userDirectory, typingIndicators, outboxSender, stagedUploads, catchUp.
 */
export class ChatStore {
  private readonly cell: ChatStateCell;
  private readonly bus: HubEventBus;
  private readonly connection: ChatConnection;
  private readonly users: UserDirectory;
  private readonly uploads: StagedUploads;
  private readonly timelines: RoomTimelines;
  private readonly unread: UnreadPositions;
  private readonly rooms: RoomList;
  private readonly outbox: OutboxSender;
  private readonly typers: TypingIndicators;
  private readonly catchUp: CatchUp;
  private disposed = false;
  private signingOut = false;
  /** Counts starts: a start overtaken by a dispose or a newer start gives up (React StrictMode mounts twice). */
  private starts = 0;
  private stopping: Promise<void> = Promise.resolve();
  /** The session is over (signed out, closed, expired): nothing is kept or sent from here on. */
  private ended = false;
  /** Why the server ended this session, while that is being checked. */
  private endedReason: string | undefined;
  private readonly signOutHooks = new Set<() => Promise<void>>();

  /** `saved`: the app started without the network; it shows this saved last state until it connects. */
  constructor(me: MeDto, private readonly onSignedOut: (reason?: string) => void, saved: SavedState | null = null) {
    const fromSaved = saved ? stateFromSaved(saved) : null;
    this.cell = new ChatStateCell({
      me, status: "connecting", online: navigator.onLine, roomsLoaded: false, summaries: {}, timelines: {}, details: {},
      ...fromSaved,
      users: { ...fromSaved?.users, [me.id]: knownMe(me) },
      outbox: loadOutbox(me.id), typing: {}, currentRoomId: null, unreadMarker: {}, loadingOlder: {}, highlight: null,
      emoji: null, notice: null, uploads: {}, savedView: saved !== null,
    });
    this.connection = new ChatConnection({
      onStatus: (status) => {
        this.set({ status });
        if (status === "reconnecting" || status === "disconnected") void this.checkSession();
      },
      onConnected: () => void this.catchUp.run(),
      onSessionEnded: (reason) => void this.onSessionEnded(reason),
    });
    this.bus = new HubEventBus(this.connection);
    this.users = new UserDirectory(this.cell);
    this.unread = new UnreadPositions(this.cell, this.connection);
    this.timelines = new RoomTimelines(this.cell, {
      unread: this.unread,
      settle: (messages) => this.outbox.settle(messages),
      ensureUser: (id) => this.ensureUser(id),
      loadDetail: (roomId) => void this.loadDetail(roomId),
      notify: (notice) => this.notify(notice),
    });
    this.rooms = new RoomList(this.cell, {
      unread: this.unread,
      timelines: this.timelines,
      ensureUser: (id) => this.ensureUser(id),
      notify: (notice) => this.notify(notice),
    });
    this.catchUp = new CatchUp(this.cell, this.connection, {
      timelines: this.timelines,
      dropRoom: (roomId) => this.rooms.drop(roomId),
      refreshRooms: () => this.refreshRooms(),
      flushOutbox: () => void this.outbox.flush(),
      checkSession: () => void this.checkSession(),
      notify: (notice) => this.notify(notice),
      isDisposed: () => this.disposed,
    });
    // Connected: what is shown is live again (catch-up brings what changed since the save); the open room gets what
    // could not be fetched offline (its members, or its messages if none were saved).
    if (saved) this.catchUp.onConnected(() => {
      if (!this.state.savedView) return;
      this.set({ savedView: false });
      const current = this.state.currentRoomId;
      if (!current) return;
      void this.loadDetail(current);
      if (!this.state.timelines[current]) void this.timelines.loadLatest(current);
    });
    this.typers = new TypingIndicators(this.cell, this.connection, (id) => this.ensureUser(id));
    this.outbox = new OutboxSender(this.cell, this.connection, {
      acknowledged: (m) => this.onMessage(m, true),
      checkSession: () => void this.checkSession(),
      isDisposed: () => this.disposed,
      isEnded: () => this.ended,
    });
    this.uploads = new StagedUploads(this.cell, {
      notify: (notice) => this.notify(notice),
      send: (roomId, text, replyTo, files) => this.sendMessage(roomId, text, replyTo, files),
      checkSession: () => void this.checkSession(),
      isDisposed: () => this.disposed,
    });
    this.wireEvents();
  }

  // ---- store plumbing ----

  getState = (): ChatState => this.cell.get();

  subscribe = (l: () => void): (() => void) => this.cell.subscribe(l);

  private get state(): ChatState {
    return this.cell.get();
  }

  private set(patch: Partial<ChatState>): void {
    this.cell.set(patch);
  }

  notify(notice: string | null): void {
    this.set({ notice });
  }

  // ---- for the stores beside this one ----

  /** The hub connection (presence and idle calls). */
  get hub(): ChatConnection {
    return this.connection;
  }

  /** Runs `handler` for a hub event, after this store applied it. Returns the unsubscribe. */
  onHub<T>(event: HubEventName, handler: (payload: T) => void): () => void {
    return this.bus.tap(event, handler);
  }

  /** Runs after the first connect and every reconnect. */
  onConnected(hook: () => void): () => void {
    return this.catchUp.onConnected(hook);
  }

  /** Runs (and is awaited) before signing out, while the session still works. */
  onSignOut(hook: () => Promise<void>): () => void {
    this.signOutHooks.add(hook);
    return () => this.signOutHooks.delete(hook);
  }

  // ---- lifecycle ----

  /** Starts, or starts again after dispose(); only the latest start connects. */
  async start(): Promise<void> {
    if (this.ended || this.signingOut) return;
    const run = ++this.starts;
    const overtaken = () => run !== this.starts || this.disposed;
    this.disposed = false;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    this.typers.start();
    try {
      await this.refreshRooms();
    } catch (e) {
      if (overtaken()) return;
      if (e instanceof ApiError && e.isUnauthorized) return this.endSession(false);
      // Started offline: the banner says so; the saved list stands until the connection comes.
      if (!this.state.savedView) this.notify(errorText(e));
    }
    await this.stopping;
    if (overtaken()) return;
    await this.connection.start();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.uploads.abortAll();
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    this.typers.stop();
    this.outbox.stop();
    this.stopping = this.connection.stop().catch(() => undefined);
    await this.stopping;
  }

  /** Signed out, expired or closed: nothing more is kept (the saved last state is gone). */
  get sessionEnded(): boolean {
    return this.ended;
  }

  /** The session is over: stop, and show the sign-in screen. `forget`: also drop the outbox and drafts kept here. */
  private async endSession(forget: boolean, reason?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearLastState();
    await this.dispose();
    if (forget) {
      clearOutbox(this.state.me.id);
      clearDrafts(this.state.me.id);
    }
    this.onSignedOut(reason);
  }

  async signOut(): Promise<void> {
    this.signingOut = true;
    await Promise.all([...this.signOutHooks].map((h) => h().catch(() => undefined)));
    // The hub closes while the session still works: a connection still opening when the session ends would be refused
    // halfway through its handshake.
    await this.dispose();
    try {
      await api.logout();
    } catch {
      // Signed out here anyway.
    }
    await this.endSession(true);
  }

  /** Closes the account (POST /api/me/deactivate); a wrong password throws and nothing changes. */
  async closeAccount(password: string): Promise<void> {
    await api.deactivate(password);
    await this.endSession(true);
  }

  private onOnline = () => {
    this.set({ online: true });
    this.connection.nudge();
    // Still connected (the socket outlived the outage): what waited goes now.
    void this.outbox.flush();
  };

  private onOffline = () => this.set({ online: false });

  /**
   * The server closed this connection because its session ended. Signed out (from another device, everywhere, account
   * closed): the sign-in screen says why. Still signed in (a password change here issues this session again, and the
   * connection kept the old one): connect again.
   */
  private async onSessionEnded(reason: string): Promise<void> {
    // Kept for the check the connection's close starts too: whichever answer comes first, the screen says why.
    this.endedReason = reason;
    try {
      await api.me();
    } catch (e) {
      if (e instanceof ApiError && e.isUnauthorized && !this.disposed) await this.endSession(false, reason);
      return;
    }
    this.endedReason = undefined;
    if (!this.disposed && !this.ended) await this.connection.start();
  }

  private async checkSession(): Promise<void> {
    try {
      await api.me();
    } catch (e) {
      if (e instanceof ApiError && e.isUnauthorized && !this.disposed) await this.endSession(false, this.endedReason);
    }
  }

  refreshRooms(): Promise<void> {
    return this.rooms.refresh();
  }

  // ---- opening rooms and history ----

  openRoom(roomId: Guid | null): void {
    if (roomId === this.state.currentRoomId) return;
    this.set({ currentRoomId: roomId, highlight: null });
    if (!roomId) return;
    // Back to a room left at a message far back: it opens at the latest, as any room does.
    this.timelines.showLatest(roomId);
    const t = this.state.timelines[roomId];
    this.unread.opened(roomId);
    if (!t || !t.loaded) void this.timelines.loadLatest(roomId);
    else this.unread.placeMarker(roomId);
    void this.loadDetail(roomId);
  }

  loadLatest(roomId: Guid): Promise<void> {
    return this.timelines.loadLatest(roomId);
  }

  loadOlder(roomId: Guid): Promise<boolean> {
    return this.timelines.loadOlder(roomId);
  }

  /** The page after a detached window (one around a message far back); the last one joins it to the latest. */
  loadNewer(roomId: Guid): Promise<boolean> {
    return this.timelines.loadNewer(roomId);
  }

  /** Scrolls to a message: held, or a window around it is loaded (detached from the latest if far back). */
  jumpTo(roomId: Guid, messageId: Guid, seq: number): Promise<void> {
    return this.timelines.jumpTo(roomId, messageId, seq);
  }

  /** Jump to date (an ISO time) or to the first unread (a seq): the first message at or after it. */
  jumpToFirstAt(roomId: Guid, where: { time?: string; seq?: number }): Promise<boolean> {
    return this.timelines.jumpToFirstAt(roomId, where);
  }

  /** Pins or unpins a message; the MessagePinned event updates the timeline (the answer too, for this tab). */
  async setPinned(messageId: Guid, pinned: boolean): Promise<void> {
    try {
      const e = pinned ? await api.pin(messageId) : await api.unpin(messageId);
      this.timelines.applyPin(e);
    } catch (e) {
      this.notify(errorText(e));
    }
  }

  /** Leaves a detached window for the latest messages ("Jump to latest"). */
  showLatest(roomId: Guid): void {
    this.timelines.showLatest(roomId);
  }

  loadDetail(roomId: Guid): Promise<void> {
    return this.rooms.loadDetail(roomId);
  }

  ensureUser(userId: Guid): void {
    this.users.ensureUser(userId);
  }

  /** GET …/changes from the room's rev until caught up. */
  fetchChanges(roomId: Guid): Promise<void> {
    return this.timelines.fetchChanges(roomId);
  }

  // ---- live events: each to the part that owns it (the other stores' taps run after, hubEventBus.ts) ----

  private wireEvents(): void {
    const c = { on: <T>(event: HubEventName, handler: (payload: T) => void) => this.bus.handle(event, handler) };
    c.on<MessageDto>(HubEvents.MessageCreated, (m) => this.onMessage(m, true));
    c.on<MessageDto>(HubEvents.MessageEdited, (m) => this.onMessage(m, false));
    c.on<MessageDto>(HubEvents.MessageDeleted, (m) => this.onMessage(m, false));
    c.on<ReactionsChangedEvent>(HubEvents.ReactionsChanged, (e) => this.timelines.applyReactions(e));
    c.on<MessagePreviewsEvent>(HubEvents.MessagePreviews, (e) => this.timelines.applyPreviews(e));
    c.on<MessagePinnedEvent>(HubEvents.MessagePinned, (e) => this.timelines.applyPin(e));
    c.on<MemberEvent>(HubEvents.MemberJoined, (e) => this.rooms.memberChanged(e, "joined"));
    c.on<MemberEvent>(HubEvents.MemberLeft, (e) => this.rooms.memberChanged(e, "left"));
    c.on<MemberEvent>(HubEvents.MemberUpdated, (e) => this.rooms.memberChanged(e, "updated"));
    c.on<RoomDto>(HubEvents.RoomUpdated, (r) => this.rooms.updated(r));
    c.on<RoomSummary>(HubEvents.RoomAdded, (s) => this.rooms.added(s));
    c.on<RoomRemovedEvent>(HubEvents.RoomRemoved, (e) => {
      const room = this.state.summaries[e.roomId]?.room;
      this.rooms.removed(e.roomId);
      // Taken out by a moderator (kicked, banned): say so, or the room just vanishes.
      const notice = removalNotice(room, e);
      if (notice) this.notify(notice);
    });
    c.on<TypingEvent>(HubEvents.UserTyping, (e) => this.typers.apply(e, true));
    c.on<TypingEvent>(HubEvents.TypingStopped, (e) => this.typers.apply(e, false));
    c.on<ReadEvent>(HubEvents.ReadMarked, (e) => this.unread.applyRead(e));
    c.on<UserDto>(HubEvents.UserUpdated, (u) => this.users.applyUpdated(u));
    // Promoted or demoted: the menus and the console follow without a reload (the server checks anyway).
    c.on<{ role: ServerRole }>(HubEvents.ServerRoleChanged, (e) => this.set({ me: { ...this.state.me, role: e.role } }));
    c.on<NotificationLevelChangedEvent>(HubEvents.NotificationLevelChanged, (e) => this.rooms.levelChanged(e.roomId, e.level));
    c.on<ThreadChangedEvent>(HubEvents.ThreadChanged, (e) => this.timelines.applyThread(e));
    c.on<PollChangedEvent>(HubEvents.PollChanged, (e) => this.timelines.applyPoll(e));
    c.on<PollVotedEvent>(HubEvents.PollVoted, (e) => this.timelines.applyPollVoted(e));
  }

  /** A message from an event, an ack or an action's answer. */
  private onMessage(m: MessageDto, isNew: boolean): void {
    const roomId = m.roomId;
    this.timelines.applyMessage(m);
    if (isNew) {
      this.typers.sent(roomId, m.senderId);
      if (isMembershipLine(m) && this.state.details[roomId]) void this.loadDetail(roomId);
    }
  }

  // ---- sending ----

  /** Queues a message; `files` are uploads already done (their ids go with it). */
  sendMessage(roomId: Guid, text: string, replyTo: MessageDto | null, files: FileDto[] = []): void {
    // What is sent shows at the end of the conversation: leave a window far back for the latest.
    this.timelines.showLatest(roomId);
    this.outbox.send(roomId, text, replyTo, files);
  }

  /**
   * A reply in a thread, through the outbox like any message: it shows pending in the thread's panel (and in the room
   * when alsoToRoom), waits out a disconnect and is sent again with the same client message id.
   */
  sendThreadReply(roomId: Guid, rootId: Guid, text: string, alsoToRoom: boolean): string {
    if (alsoToRoom) this.timelines.showLatest(roomId);
    return this.outbox.send(roomId, text, null, [], undefined, { rootId, alsoToRoom });
  }

  /** A poll (its question as the text), through the outbox like any message. */
  sendPoll(roomId: Guid, question: string, poll: CreatePollRequest): void {
    this.timelines.showLatest(roomId);
    this.outbox.send(roomId, question, null, [], poll);
  }

  retrySend(clientMessageId: string): void {
    this.outbox.retry(clientMessageId);
  }

  discardSend(clientMessageId: string): void {
    this.outbox.discard(clientMessageId);
  }

  // ---- other actions ----

  async editMessage(messageId: Guid, text: string): Promise<boolean> {
    try {
      const m = await this.connection.editMessage(messageId, text);
      this.onMessage(m, false);
      return true;
    } catch (e) {
      this.notify(errorText(e));
      return false;
    }
  }

  async deleteMessage(messageId: Guid): Promise<void> {
    try {
      this.onMessage(await this.connection.deleteMessage(messageId), false);
    } catch (e) {
      this.notify(errorText(e));
    }
  }

  /** The sender hides their message's link previews. */
  async removePreviews(messageId: Guid): Promise<void> {
    try {
      this.timelines.applyPreviews(await api.removePreviews(messageId));
    } catch (e) {
      this.notify(errorText(e));
    }
  }

  /** My whole choice in a poll (empty: no vote); the answer shows it at once, PollChanged and PollVoted repeat it. */
  async votePoll(messageId: Guid, optionIds: Guid[]): Promise<void> {
    try {
      this.timelines.applyPoll(await this.connection.votePoll(messageId, optionIds));
    } catch (e) {
      this.notify(errorText(e));
    }
  }

  async closePoll(messageId: Guid): Promise<void> {
    try {
      this.timelines.applyPoll(await this.connection.closePoll(messageId));
    } catch (e) {
      this.notify(errorText(e));
    }
  }

  async toggleReaction(messageId: Guid, emoji: string): Promise<void> {
    try {
      this.timelines.applyReactions(await this.connection.toggleReaction(messageId, emoji));
    } catch (e) {
      this.notify(errorText(e));
    }
  }

  /** Marks the room read up to its newest message (called when it is visible and the tab has focus). */
  markRead(roomId: Guid): Promise<void> {
    return this.unread.markRead(roomId);
  }

  typing(roomId: Guid): void {
    this.typers.typing(roomId);
  }

  stopTyping(roomId: Guid): void {
    this.typers.stopTyping(roomId);
  }

  joinRoom(roomId: Guid): Promise<RoomSummary> {
    return this.rooms.join(roomId);
  }

  leaveRoom(roomId: Guid): Promise<void> {
    return this.rooms.leave(roomId);
  }

  createRoom(name: string, topic: string, visibility: "public" | "private"): Promise<RoomDto> {
    return this.rooms.create(name, topic, visibility);
  }

  openDm(userIds: Guid[]): Promise<RoomSummary> {
    return this.rooms.openDm(userIds);
  }

  /** Renames the room or sets its topic (owner only); the answer is applied at once, RoomUpdated repeats it. */
  updateRoom(roomId: Guid, change: RoomChange): Promise<RoomDto> {
    return this.rooms.update(roomId, change);
  }

  invite(roomId: Guid, userIds: Guid[]): Promise<MemberDto[]> {
    return this.rooms.invite(roomId, userIds);
  }

  /** The owner sets or removes the room's icon; RoomUpdated repeats it to everyone. */
  setRoomIcon(roomId: Guid, picture: Blob | null): Promise<RoomDto> {
    return this.rooms.setIcon(roomId, picture);
  }

  /** This conversation's notification level for me (all, mentions, none, or the default for its kind). */
  setNotificationLevel(roomId: Guid, level: NotificationLevel): Promise<void> {
    return this.rooms.setNotificationLevel(roomId, level);
  }

  /** "Mark all as read": the server moves every position; ReadMarked for each room follows. */
  markAllRead(): Promise<void> {
    return this.rooms.markAllRead();
  }

  updateMe(change: UpdateMeRequest): Promise<MeDto> {
    return this.users.updateMe(change);
  }

  /** A new avatar (a square picture, cropped in the browser); the others see it through UserUpdated. */
  setAvatar(picture: Blob): Promise<MeDto> {
    return this.users.setAvatar(picture);
  }

  removeAvatar(): Promise<MeDto> {
    return this.users.removeAvatar();
  }

  // ---- attachments (stagedUploads.ts) ----

  addFiles(roomId: Guid, files: FileToStage[]): void {
    this.uploads.addFiles(roomId, files);
  }

  retryUpload(roomId: Guid, key: string): void {
    this.uploads.retryUpload(roomId, key);
  }

  removeUpload(roomId: Guid, key: string): void {
    this.uploads.removeUpload(roomId, key);
  }

  sendWithUploads(roomId: Guid, text: string, replyTo: MessageDto | null): boolean {
    return this.uploads.sendWithUploads(roomId, text, replyTo);
  }

  rememberUsers(list: UserDto[]): void {
    this.users.rememberUsers(list);
  }

  setEmoji(emoji: EmojiIndex): void {
    this.set({ emoji });
  }
}
