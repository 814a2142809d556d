import { api, errorText } from "../../api/client";
import type { Guid, MemberDto, MemberEvent, NotificationLevel, RoomChange, RoomDto, RoomSummary } from "../../api/types";
import { isDirect } from "../../lib/names";
import type { ChatStateCell } from "./chatState";
import type { RoomTimelines } from "./roomTimelines";
import type { UnreadPositions } from "./unreadPositions";

/** What a RoomUpdated (or PATCH answer) changes in the cached room; fields an older server leaves out are kept. */
export function roomUpdate(r: RoomDto): Partial<RoomDto> {
  const change: Partial<RoomDto> = { name: r.name, topic: r.topic, iconUrl: r.iconUrl ?? null };
  if (r.wildcardMentions) change.wildcardMentions = r.wildcardMentions;
  if (r.readOnly !== undefined) change.readOnly = r.readOnly;
  if (r.slowModeSeconds !== undefined) change.slowModeSeconds = r.slowModeSeconds;
  if (r.invitePolicy !== undefined) change.invitePolicy = r.invitePolicy;
  if (r.archived !== undefined) change.archived = r.archived;
  if (r.membersMayPin !== undefined) change.membersMayPin = r.membersMayPin;
  return change;
}

/**
 * A DM's or group's summary after a member joined or left: its members are its title (lib/names.ts) until the room
 * list is fetched again. Rooms carry no members in their summaries; a rename reaches the title through the users.
 */
export function summaryWithMember(s: RoomSummary, m: MemberDto, what: "joined" | "left" | "updated"): RoomSummary {
  if (!isDirect(s) || !s.members || what === "updated") return s;
  const others = s.members.filter((u) => u.id !== m.userId);
  if (what === "left") return others.length === s.members.length ? s : { ...s, members: others };
  if (others.length !== s.members.length) return s;
  const joined = { id: m.userId, userName: m.userName, displayName: m.displayName, avatarUrl: m.avatarUrl, statusText: "", bio: "", timeZone: "" };
  return { ...s, members: [...s.members, joined] };
}

export interface RoomListContext {
  unread: UnreadPositions;
  timelines: RoomTimelines;
  ensureUser(userId: Guid): void;
  notify(notice: string): void;
}

/**
 * The conversations we are in (`state.summaries`, `state.roomsLoaded`) and their member lists (`state.details`):
 * the room list, membership events, room settings and notification levels.
 */
export class RoomList {
  /** Rooms added or removed by hub events, numbered, so a room list fetched meanwhile doesn't undo them. */
  private readonly membershipEvents = new Map<Guid, { added: boolean; at: number }>();
  private eventCounter = 0;
  /** Rooms being left: their member list is not fetched again (a group DM answers 404 to someone who left). */
  private readonly leaving = new Set<Guid>();

  constructor(private readonly cell: ChatStateCell, private readonly ctx: RoomListContext) {}

  private get state() {
    return this.cell.get();
  }

  async refresh(): Promise<void> {
    const asked = this.eventCounter;
    const list = await api.rooms();
    const summaries: Record<Guid, RoomSummary> = {};
    const users = { ...this.state.users };
    for (const fetched of list) {
      const id = fetched.room.id;
      const event = this.membershipEvents.get(id);
      if (event && event.at > asked && !event.added) continue; // left while the list was on its way
      summaries[id] = this.ctx.unread.fromServer(fetched);
      for (const u of fetched.members ?? []) users[u.id] = { ...u };
    }
    for (const [id, event] of this.membershipEvents) {
      const held = this.state.summaries[id];
      if (event.at > asked && event.added && held && !summaries[id]) summaries[id] = held; // joined meanwhile
    }
    const timelines = { ...this.state.timelines };
    for (const id of Object.keys(timelines)) {
      if (summaries[id]) continue;
      delete timelines[id];
      this.ctx.timelines.reset(id);
    }
    this.cell.set({ summaries, users, timelines, roomsLoaded: true });
    for (const s of list) if (s.lastMessage) this.ctx.ensureUser(s.lastMessage.senderId);
  }

  /** The room is no longer ours: its summary, timeline and member list go. */
  drop(roomId: Guid): void {
    const summaries = { ...this.state.summaries };
    const timelines = { ...this.state.timelines };
    const details = { ...this.state.details };
    delete summaries[roomId];
    delete timelines[roomId];
    delete details[roomId];
    this.ctx.unread.forget(roomId);
    this.ctx.timelines.reset(roomId);
    this.cell.set({ summaries, timelines, details });
  }

  /** RoomAdded, or our own join, DM or new room. */
  added(s: RoomSummary): void {
    const id = s.room.id;
    this.membershipEvents.set(id, { added: true, at: ++this.eventCounter });
    const summary = this.ctx.unread.fromServer(s);
    const users = { ...this.state.users };
    for (const u of s.members ?? []) users[u.id] = { ...u };
    this.cell.set({ summaries: { ...this.state.summaries, [id]: summary }, users });
  }

  /** RoomRemoved, or our own leave. */
  removed(roomId: Guid): void {
    this.membershipEvents.set(roomId, { added: false, at: ++this.eventCounter });
    this.drop(roomId);
    if (this.state.currentRoomId === roomId) this.cell.set({ currentRoomId: null });
  }

  updated(r: RoomDto): void {
    const change = roomUpdate(r);
    this.cell.setSummary(r.id, (s) => ({ ...s, room: { ...s.room, ...change } }));
    const d = this.state.details[r.id];
    if (d) this.cell.set({ details: { ...this.state.details, [r.id]: { ...d, room: { ...d.room, ...change } } } });
  }

  levelChanged(roomId: Guid, level: NotificationLevel): void {
    this.cell.setSummary(roomId, (s) => (s.notificationLevel === level ? s : { ...s, notificationLevel: level }));
  }

  memberChanged(e: MemberEvent, what: "joined" | "left" | "updated"): void {
    const m = e.member;
    this.cell.set({ users: { ...this.state.users, [m.userId]: { ...this.state.users[m.userId], id: m.userId, userName: m.userName, displayName: m.displayName, avatarUrl: m.avatarUrl } } });
    this.cell.setSummary(e.roomId, (s) => summaryWithMember(s, m, what));
    const d = this.state.details[e.roomId];
    if (!d) return;
    let members: MemberDto[] = d.members.filter((x) => x.userId !== m.userId);
    if (what !== "left") {
      const i = d.members.findIndex((x) => x.userId === m.userId);
      members = i >= 0 ? d.members.map((x) => (x.userId === m.userId ? m : x)) : [...d.members, m];
    }
    this.cell.set({ details: { ...this.state.details, [e.roomId]: { ...d, members } } });
    // The owner left and the room was handed over: you may be its owner now.
    if (what === "updated" && m.userId === this.state.me.id) this.cell.setSummary(e.roomId, (s) => (s.role === m.role ? s : { ...s, role: m.role }));
  }

  async loadDetail(roomId: Guid): Promise<void> {
    // Not (or no longer) ours: the "… left" line of our own leave comes before or after its answer.
    if (this.leaving.has(roomId) || !this.state.summaries[roomId]) return;
    try {
      const d = await api.room(roomId);
      if (!this.state.summaries[roomId]) return;
      const users = { ...this.state.users };
      for (const m of d.members) users[m.userId] = { ...users[m.userId], id: m.userId, userName: m.userName, displayName: m.displayName, avatarUrl: m.avatarUrl };
      this.cell.set({ details: { ...this.state.details, [roomId]: d }, users });
    } catch {
      // The list still works without members.
    }
  }

  /** This conversation's notification level for me (all, mentions, none, or the default for its kind). */
  async setNotificationLevel(roomId: Guid, level: NotificationLevel): Promise<void> {
    const r = await api.setNotificationLevel(roomId, level);
    this.levelChanged(r.roomId, r.level);
  }

  /** "Mark all as read": the server moves every position; ReadMarked for each room follows. */
  async markAllRead(): Promise<void> {
    try {
      await api.readAll();
      await this.refresh();
    } catch (e) {
      this.ctx.notify(errorText(e));
    }
  }

  async join(roomId: Guid): Promise<RoomSummary> {
    const s = await api.join(roomId);
    this.added(s);
    return s;
  }

  async leave(roomId: Guid): Promise<void> {
    this.leaving.add(roomId);
    try {
      await api.leave(roomId);
      this.removed(roomId);
    } finally {
      this.leaving.delete(roomId);
    }
  }

  async create(name: string, topic: string, visibility: "public" | "private"): Promise<RoomDto> {
    const room = await api.createRoom(name, topic, visibility);
    if (!this.state.summaries[room.id]) {
      this.added({ room, role: "owner", lastReadSeq: room.lastSeq, unreadCount: 0, lastMessage: null, members: null });
    }
    return room;
  }

  async openDm(userIds: Guid[]): Promise<RoomSummary> {
    const s = await api.openDm(userIds);
    this.added(s);
    return s;
  }

  /** Renames the room or sets its topic (owner only); the answer is applied at once, RoomUpdated repeats it. */
  async update(roomId: Guid, change: RoomChange): Promise<RoomDto> {
    const room = await api.updateRoom(roomId, change);
    this.updated(room);
    return room;
  }

  async invite(roomId: Guid, userIds: Guid[]): Promise<MemberDto[]> {
    const added = await api.invite(roomId, userIds);
    void this.loadDetail(roomId);
    return added;
  }

  /** The owner sets or removes the room's icon; RoomUpdated repeats it to everyone. */
  async setIcon(roomId: Guid, picture: Blob | null): Promise<RoomDto> {
    const room = picture ? await api.setRoomIcon(roomId, picture) : await api.removeRoomIcon(roomId);
    this.updated(room);
    return room;
  }
}
