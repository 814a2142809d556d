import { api, errorText } from "../../api/client";
import type { ChangesPage, Guid, MessageDto, ReactionsChangedEvent } from "../../api/types";
import {
  applyChangesPage, applyHistoryPage, applyMessageEvent, applyReactionsEvent, emptyTimeline, type Timeline,
} from "../../lib/timeline";
import type { ChatStateCell } from "./chatState";
import type { UnreadPositions } from "./unreadPositions";

export interface TimelinesContext {
  unread: UnreadPositions;
  /** Messages the server has: the outbox drops their pending copies. */
  settle(messages: readonly MessageDto[]): void;
  ensureUser(userId: Guid): void;
  /** A membership line arrived: the member list may have changed. */
  loadDetail(roomId: Guid): void;
  notify(notice: string): void;
}

/** A system line (joined, left, renamed …) may change the member list. */
export function isMembershipLine(m: MessageDto): boolean {
  return m.kind === "system";
}

/**
 * Each room's held messages (`state.timelines`, `state.loadingOlder`, `state.highlight`): the latest page, older
 * pages, `…/changes` and live events applied by id and rev (lib/timeline.ts), with a generation per room so answers
 * asked for before a reset are discarded.
 */
export class RoomTimelines {
  /** Rooms whose latest page is on its way, with the generation it is for. */
  private readonly loadingLatest = new Map<Guid, number>();
  /** Per room, bumped whenever its timeline is dropped or reset: answers asked for before then are discarded. */
  private readonly generations = new Map<Guid, number>();
  private readonly fetchingChanges = new Set<Guid>();
  private readonly refetchChanges = new Set<Guid>();

  constructor(private readonly cell: ChatStateCell, private readonly ctx: TimelinesContext) {}

  private get state() {
    return this.cell.get();
  }

  private setTimeline(roomId: Guid, t: Timeline): void {
    if (this.state.timelines[roomId] !== t) this.cell.set({ timelines: { ...this.state.timelines, [roomId]: t } });
    this.ctx.unread.recount(roomId);
  }

  private generationOf(roomId: Guid): number {
    return this.generations.get(roomId) ?? 0;
  }

  /** The room's held timeline is being thrown away (resync, dropped room): older requests must not land in the new one. */
  reset(roomId: Guid): void {
    this.generations.set(roomId, this.generationOf(roomId) + 1);
  }

  /** Where the room's changes are to be asked from. */
  revOf(roomId: Guid): number {
    return this.state.timelines[roomId]?.rev ?? this.state.summaries[roomId]?.room.lastRev ?? 0;
  }

  async loadLatest(roomId: Guid): Promise<void> {
    const generation = this.generationOf(roomId);
    if (this.loadingLatest.get(roomId) === generation) return;
    this.loadingLatest.set(roomId, generation);
    // Record the rev before loading: the page holds everything up to it; what changed since is fetched after it.
    const rev = this.revOf(roomId);
    try {
      const page = await api.history(roomId, { limit: 50 });
      if (generation !== this.generationOf(roomId)) return;
      const held = this.state.timelines[roomId];
      const base = held?.loaded ? held : { ...emptyTimeline(rev), messages: [] };
      const t = applyHistoryPage(base, page.messages, page.hasMore, "latest");
      this.ctx.unread.noteMessages(roomId, page.messages, held);
      this.setTimeline(roomId, t);
      this.ctx.settle(page.messages);
      for (const m of page.messages) this.ctx.ensureUser(m.senderId);
      if (roomId === this.state.currentRoomId) this.ctx.unread.placeMarker(roomId);
      // Anything that changed while the page was on its way.
      const s = this.state.summaries[roomId];
      if (s && s.room.lastRev > t.rev) void this.fetchChanges(roomId);
    } catch (e) {
      this.ctx.notify(errorText(e));
    } finally {
      if (this.loadingLatest.get(roomId) === generation) this.loadingLatest.delete(roomId);
    }
  }

  async loadOlder(roomId: Guid): Promise<boolean> {
    const t = this.state.timelines[roomId];
    if (!t || !t.loaded || !t.hasMoreOlder || this.state.loadingOlder[roomId]) return false;
    const first = t.messages[0]?.seq;
    if (first === undefined || first <= 1) {
      this.setTimeline(roomId, { ...t, hasMoreOlder: false });
      return false;
    }
    this.cell.set({ loadingOlder: { ...this.state.loadingOlder, [roomId]: true } });
    const generation = this.generationOf(roomId);
    try {
      const page = await api.history(roomId, { before: first, limit: 50 });
      // A resync meanwhile replaced the timeline: this page belongs to the old one.
      if (generation !== this.generationOf(roomId)) return false;
      const cur = this.state.timelines[roomId];
      if (cur?.loaded) this.setTimeline(roomId, applyHistoryPage(cur, page.messages, page.hasMore, "older"));
      for (const m of page.messages) this.ctx.ensureUser(m.senderId);
      return true;
    } catch (e) {
      this.ctx.notify(errorText(e));
      return false;
    } finally {
      this.cell.set({ loadingOlder: { ...this.state.loadingOlder, [roomId]: false } });
    }
  }

  /** Scrolls to a message, loading older pages until it is there. */
  async jumpTo(roomId: Guid, messageId: Guid, seq: number): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const t = this.state.timelines[roomId];
      if (!t) return;
      if (t.messages.some((m) => m.id === messageId) || (t.messages[0]?.seq ?? 0) <= seq) break;
      if (!(await this.loadOlder(roomId))) break;
    }
    this.cell.set({ highlight: { roomId, messageId, at: Date.now() } });
  }

  /** A room's page of a Sync answer. */
  async applySyncPage(page: ChangesPage): Promise<void> {
    const roomId = page.roomId;
    const t = this.state.timelines[roomId];
    this.cell.setSummary(roomId, (s) => (page.lastRev > s.room.lastRev ? { ...s, room: { ...s.room, lastRev: page.lastRev } } : s));
    // Not open yet: the latest page will be loaded when the room is opened.
    this.ctx.unread.noteMessages(roomId, page.messages, t);
    if (!t) return;
    const r = applyChangesPage(t, page);
    if (r.resync) this.reset(roomId);
    this.setTimeline(roomId, r.timeline);
    if (r.resync) {
      if (roomId === this.state.currentRoomId) await this.loadLatest(roomId);
      return;
    }
    this.ctx.settle(page.messages);
    for (const m of page.messages) this.ctx.ensureUser(m.senderId);
    if (page.messages.some(isMembershipLine)) this.ctx.loadDetail(roomId);
    if (r.more) await this.fetchChanges(roomId);
  }

  /** GET …/changes from the room's rev until caught up. */
  async fetchChanges(roomId: Guid): Promise<void> {
    if (this.fetchingChanges.has(roomId)) {
      this.refetchChanges.add(roomId);
      return;
    }
    this.fetchingChanges.add(roomId);
    try {
      do {
        this.refetchChanges.delete(roomId);
        for (let i = 0; i < 100; i++) {
          const generation = this.generationOf(roomId);
          const page = await api.changes(roomId, this.revOf(roomId));
          const before = this.state.timelines[roomId];
          // Dropped or reset meanwhile: the page was asked for from a rev that no longer applies.
          if (!before || generation !== this.generationOf(roomId)) return;
          const r = applyChangesPage(before, page);
          if (r.resync) this.reset(roomId);
          this.ctx.unread.noteMessages(roomId, page.messages, before);
          this.setTimeline(roomId, r.timeline);
          this.ctx.settle(page.messages);
          for (const m of page.messages) this.ctx.ensureUser(m.senderId);
          if (r.resync) {
            await this.loadLatest(roomId);
            break;
          }
          if (!r.more) break;
        }
      } while (this.refetchChanges.has(roomId));
    } catch (e) {
      this.ctx.notify(errorText(e));
    } finally {
      this.fetchingChanges.delete(roomId);
    }
  }

  /** A message from an event, an ack or an action's answer; a gap fetches what lies between. */
  applyMessage(m: MessageDto): void {
    const roomId = m.roomId;
    const t = this.state.timelines[roomId];
    this.ctx.unread.noteMessages(roomId, [m], t);
    if (t) {
      const r = applyMessageEvent(t, m);
      this.setTimeline(roomId, r.timeline);
      if (r.gap) void this.fetchChanges(roomId);
    }
    this.ctx.settle([m]);
    this.ctx.ensureUser(m.senderId);
  }

  applyReactions(e: ReactionsChangedEvent): void {
    const t = this.state.timelines[e.roomId];
    this.cell.setSummary(e.roomId, (s) => ({
      ...s,
      room: { ...s.room, lastRev: Math.max(s.room.lastRev, e.rev) },
      lastMessage: s.lastMessage?.id === e.messageId && s.lastMessage.rev < e.rev ? { ...s.lastMessage, rev: e.rev, reactions: e.reactions } : s.lastMessage,
    }));
    if (!t) return;
    const r = applyReactionsEvent(t, e);
    this.setTimeline(e.roomId, r.timeline);
    if (r.gap) void this.fetchChanges(e.roomId);
  }
}
