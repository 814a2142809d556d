import { api, errorText } from "../../api/client";
import type {
  ChangesPage, Guid, MessageDto, MessagePinnedEvent, MessagePreviewsEvent, PollChangedEvent, PollVotedEvent, ReactionsChangedEvent, ThreadChangedEvent,
} from "../../api/types";
import {
  applyChangesPage, applyHistoryPage, applyMessageEvent, applyPinEvent, applyPreviewsEvent, applyReactionsEvent, applyThreadEvent, emptyTimeline, lastSeq, upsertMessages,
  type Timeline,
} from "../../lib/timeline";
import { applyPollEvent, applyPollVoted } from "../polls/pollState";
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
  /** Rooms whose detached window has a newer page on its way. */
  private readonly loadingNewer = new Set<Guid>();

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
      // A detached window and the latest page would have a hole between them: the latest page starts afresh.
      const base = held?.loaded && !held.detached ? held : { ...emptyTimeline(rev), messages: [] };
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

  /**
   * Scrolls to a message: held already, or else a window around it (GET …/messages?before=seq+1 and ?after=seq),
   * detached from the latest when newer messages lie beyond it.
   */
  async jumpTo(roomId: Guid, messageId: Guid, seq: number): Promise<void> {
    const t = this.state.timelines[roomId];
    if (!t) return;
    const first = t.messages[0]?.seq;
    const held = t.loaded && t.messages.some((m) => m.id === messageId);
    const outside = !t.loaded || first === undefined || (seq < first && t.hasMoreOlder) || (t.detached === true && seq > lastSeq(t));
    if (!held && outside && !(await this.loadWindow(roomId, seq))) return;
    this.cell.set({ highlight: { roomId, messageId, at: Date.now() } });
  }

  /** Half a window: the message sits near its middle. */
  private static readonly WINDOW_HALF = 30;

  /** Replaces the room's timeline by the messages around `seq`. False: the answer came too late, or failed. */
  private async loadWindow(roomId: Guid, seq: number): Promise<boolean> {
    // Pages asked for the timeline being replaced must not land in the window.
    this.reset(roomId);
    const generation = this.generationOf(roomId);
    const rev = this.state.timelines[roomId]?.rev ?? this.revOf(roomId);
    try {
      const limit = RoomTimelines.WINDOW_HALF;
      const [older, newer] = await Promise.all([
        api.history(roomId, { before: seq + 1, limit }),
        api.history(roomId, { after: seq, limit }),
      ]);
      if (generation !== this.generationOf(roomId)) return false;
      let messages = upsertMessages(older.messages, newer.messages);
      let detached = newer.hasMore;
      const cur = this.state.timelines[roomId];
      const start = messages[0]?.seq ?? seq;
      const end = messages.length ? messages[messages.length - 1]!.seq : seq;
      // The held latest messages follow on from the window (or nothing lies beyond it): keep them, it stays joined.
      if (cur?.loaded && !cur.detached && (!detached || (cur.messages[0]?.seq ?? Infinity) <= end + 1)) {
        messages = upsertMessages(messages, cur.messages.filter((m) => m.seq >= start));
        detached = false;
      }
      this.ctx.unread.noteMessages(roomId, messages, cur);
      this.setTimeline(roomId, { messages, rev, hasMoreOlder: older.hasMore, loaded: true, ...(detached ? { detached } : {}) });
      this.ctx.settle(messages);
      for (const m of messages) this.ctx.ensureUser(m.senderId);
      this.catchUpSince(roomId);
      return true;
    } catch (e) {
      this.ctx.notify(errorText(e));
      return false;
    }
  }

  /**
   * Pages were read at some moment after the timeline's rev was taken: changes after that rev may have come as
   * events before the page landed and been left out. The timeline keeps that rev, so they are fetched again
   * (applying a change twice is harmless: copies are replaced by rev).
   */
  private catchUpSince(roomId: Guid): void {
    const t = this.state.timelines[roomId];
    const s = this.state.summaries[roomId];
    if (t && s && s.room.lastRev > t.rev) void this.fetchChanges(roomId);
  }

  /** The next page after a detached window; the last one joins it to the latest. */
  async loadNewer(roomId: Guid): Promise<boolean> {
    const t = this.state.timelines[roomId];
    if (!t?.loaded || !t.detached || this.loadingNewer.has(roomId)) return false;
    this.loadingNewer.add(roomId);
    const generation = this.generationOf(roomId);
    const rev = t.rev;
    try {
      const page = await api.history(roomId, { after: lastSeq(t), limit: 50 });
      if (generation !== this.generationOf(roomId)) return false;
      const cur = this.state.timelines[roomId];
      if (!cur?.loaded || !cur.detached) return false;
      const messages = upsertMessages(cur.messages, page.messages);
      this.ctx.unread.noteMessages(roomId, page.messages, cur);
      const next: Timeline = { ...cur, messages, rev: Math.min(cur.rev, rev) };
      if (!page.hasMore) delete next.detached;
      this.setTimeline(roomId, next);
      this.ctx.settle(page.messages);
      for (const m of page.messages) this.ctx.ensureUser(m.senderId);
      this.catchUpSince(roomId);
      return true;
    } catch (e) {
      this.ctx.notify(errorText(e));
      return false;
    } finally {
      this.loadingNewer.delete(roomId);
    }
  }

  /** Leaves a detached window for the latest page (Jump to latest, sending, opening the room again). */
  showLatest(roomId: Guid): void {
    const t = this.state.timelines[roomId];
    if (!t?.detached) return;
    this.reset(roomId);
    // Not loaded: events wait (the rev stays), the latest page is read after it and what changed since is fetched.
    this.setTimeline(roomId, emptyTimeline(t.rev));
    void this.loadLatest(roomId);
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
          // Dropped or reset meanwhile: the page was asked for from a rev that no longer applies (the new timeline
          // may have asked for its own changes meanwhile: that is done below).
          if (!before || generation !== this.generationOf(roomId)) break;
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

  applyThread(e: ThreadChangedEvent): void {
    this.applyRevEvent(e, applyThreadEvent);
  }

  /** An event that changes one message under the room's next rev: the room's rev moves, a gap fetches what lies between. */
  private applyRevEvent<E extends { roomId: Guid; rev: number }>(e: E, apply: (t: Timeline, e: E) => { timeline: Timeline; gap: boolean }): void {
    const t = this.state.timelines[e.roomId];
    this.cell.setSummary(e.roomId, (s) => ({ ...s, room: { ...s.room, lastRev: Math.max(s.room.lastRev, e.rev) } }));
    if (!t) return;
    const r = apply(t, e);
    this.setTimeline(e.roomId, r.timeline);
    if (r.gap) void this.fetchChanges(e.roomId);
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

  applyPreviews(e: MessagePreviewsEvent): void {
    const t = this.state.timelines[e.roomId];
    this.cell.setSummary(e.roomId, (s) => ({
      ...s,
      room: { ...s.room, lastRev: Math.max(s.room.lastRev, e.rev) },
      lastMessage: s.lastMessage?.id === e.messageId && s.lastMessage.rev < e.rev ? { ...s.lastMessage, rev: e.rev, previews: e.previews } : s.lastMessage,
    }));
    if (!t) return;
    const r = applyPreviewsEvent(t, e);
    this.setTimeline(e.roomId, r.timeline);
    if (r.gap) void this.fetchChanges(e.roomId);
  }

  applyPin(e: MessagePinnedEvent): void {
    this.applyRevEvent(e, applyPinEvent);
  }

  /** PollChanged, or the answer of my vote or close (which carries my choice). */
  applyPoll(e: PollChangedEvent): void {
    this.applyRevEvent(e, applyPollEvent);
  }

  /** PollVoted: my choice from any of my tabs. */
  applyPollVoted(e: PollVotedEvent): void {
    const t = this.state.timelines[e.roomId];
    if (t) this.setTimeline(e.roomId, applyPollVoted(t, e));
  }

  /**
   * Jump to date / to the first unread: asks the server for the first message at or after a time or seq, then jumps
   * to it as to any message. False: nothing that late (the latest page is shown).
   */
  async jumpToFirstAt(roomId: Guid, where: { time?: string; seq?: number }): Promise<boolean> {
    try {
      const page = await api.historyAt(roomId, { ...where, limit: 2 });
      if (page.targetId === null || page.targetSeq === null) {
        this.showLatest(roomId);
        return false;
      }
      await this.jumpTo(roomId, page.targetId, page.targetSeq);
      return true;
    } catch (e) {
      this.ctx.notify(errorText(e));
      return false;
    }
  }
}
