import type { Guid, MessageDto, ReadEvent, RoomSummary } from "../../api/types";
import type { ChatConnection } from "../../realtime/connection";
import { lastSeq, type Timeline } from "../../lib/timeline";
import {
  firstUnreadSeq, ledgerFor, recountUnread, summaryFromServer, summaryWithMessage, summaryWithRead, type UnreadLedger,
} from "../../lib/unread";
import type { ChatStateCell } from "./chatState";

/**
 * Unread counts and read positions in the room summaries, by seq (lib/unread.ts), and the "New messages" divider
 * (`state.unreadMarker`); marks rooms read on the hub.
 */
export class UnreadPositions {
  /** Per room, which messages its summary's unread count already reflects. */
  private readonly ledgers = new Map<Guid, UnreadLedger>();
  private readonly markingRead = new Set<Guid>();
  /** Rooms asked to be marked read again while a MarkRead was on its way (a message came in meanwhile). */
  private readonly markAgain = new Set<Guid>();

  constructor(private readonly cell: ChatStateCell, private readonly connection: ChatConnection) {}

  private ledgerOf(roomId: Guid, s: RoomSummary): UnreadLedger {
    let l = this.ledgers.get(roomId);
    if (!l) this.ledgers.set(roomId, (l = ledgerFor(s)));
    return l;
  }

  /** A summary from the server (room list, RoomAdded, join) merged with the one held, keeping what events brought. */
  fromServer(fetched: RoomSummary): RoomSummary {
    const id = fetched.room.id;
    const r = summaryFromServer(this.cell.get().summaries[id], this.ledgers.get(id), fetched);
    this.ledgers.set(id, r.ledger);
    return r.summary;
  }

  /** The room is gone (left, removed, missing from Sync). */
  forget(roomId: Guid): void {
    this.ledgers.delete(roomId);
  }

  /**
   * Messages the room's timeline is about to take (or that lie outside it) reflected in its summary: last message,
   * activity, unread count by seq. `before`: the timeline as it was, for the copies it held.
   */
  noteMessages(roomId: Guid, messages: readonly MessageDto[], before: Timeline | undefined): void {
    const state = this.cell.get();
    const s0 = state.summaries[roomId];
    if (!s0 || messages.length === 0) return;
    const held = new Map((before?.messages ?? []).map((m) => [m.id, m]));
    let s = s0;
    let l = this.ledgerOf(roomId, s0);
    for (const m of messages) ({ summary: s, ledger: l } = summaryWithMessage(s, l, m, state.me.id, held.get(m.id)));
    this.ledgers.set(roomId, l);
    if (s !== s0) this.cell.set({ summaries: { ...this.cell.get().summaries, [roomId]: s } });
  }

  /** A read position from the server: forward only, then counted again from what the timeline holds. */
  applyRead(e: ReadEvent): void {
    this.cell.setSummary(e.roomId, (s) => summaryWithRead(s, this.ledgerOf(e.roomId, s), e));
    this.recount(e.roomId);
  }

  /** The room's timeline changed: its unread count follows what it holds. */
  recount(roomId: Guid): void {
    this.cell.setSummary(roomId, (s) => recountUnread(s, this.cell.get().timelines[roomId], this.cell.get().me.id));
  }

  /** The room was opened: the divider goes before the first unread message (placed exactly once its messages are in). */
  opened(roomId: Guid): void {
    const state = this.cell.get();
    const s = state.summaries[roomId];
    const marker = { ...state.unreadMarker, [roomId]: null as number | null };
    if (s && s.unreadCount > 0) marker[roomId] = s.lastReadSeq + 1;
    this.cell.set({ unreadMarker: marker });
  }

  placeMarker(roomId: Guid): void {
    const state = this.cell.get();
    const s = state.summaries[roomId];
    const t = state.timelines[roomId];
    if (!s || !t) return;
    const seq = s.unreadCount > 0 ? firstUnreadSeq(t.messages, state.me.id, s.lastReadSeq) : null;
    this.cell.set({ unreadMarker: { ...state.unreadMarker, [roomId]: seq } });
  }

  /** Marks the room read up to its newest message (called when it is visible and the tab has focus). */
  async markRead(roomId: Guid): Promise<void> {
    const s = this.cell.get().summaries[roomId];
    const t = this.cell.get().timelines[roomId];
    // A detached window's last message is not the room's newest: reading it says nothing about the rest.
    if (this.markingRead.has(roomId)) {
      this.markAgain.add(roomId);
      return;
    }
    if (!s || !t || !t.loaded || t.detached || !this.connection.isConnected) return;
    const seq = lastSeq(t);
    if (seq <= s.lastReadSeq && s.unreadCount === 0) return;
    this.markingRead.add(roomId);
    try {
      const e = await this.connection.markRead(roomId, seq);
      this.applyRead(e);
    } catch {
      // Next time.
    } finally {
      this.markingRead.delete(roomId);
    }
    // Dropping the second request lost it: nothing else asks again, so a message seen meanwhile stayed unread.
    if (this.markAgain.delete(roomId)) await this.markRead(roomId);
  }
}
