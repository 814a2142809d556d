import { api } from "../../api/client";
import type { Guid, ReceiptChangedEvent } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export interface ReceiptsState {
  /** Per DM/group: how far each other member (sharing receipts) has read. */
  byRoom: Record<Guid, Record<Guid, number>>;
}

/** Read receipts of DMs and groups: loaded when one is opened (and after reconnects), live by ReceiptChanged. */
export class ReceiptsStore extends Store<ReceiptsState> {
  private readonly offs: (() => void)[] = [];
  private lastRoom: Guid | null = null;

  constructor(private readonly chat: ChatStore) {
    super({ byRoom: {} });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<ReceiptChangedEvent>(HubEvents.ReceiptChanged, (e) => this.apply(e.roomId, e.userId, e.lastReadSeq)),
      this.chat.subscribe(() => {
        const current = this.chat.getState().currentRoomId;
        if (current === this.lastRoom) return;
        this.lastRoom = current;
        if (current) void this.load(current);
      }),
      this.chat.onConnected(() => this.lastRoom && void this.load(this.lastRoom)),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.lastRoom = null;
  }

  private async load(roomId: Guid): Promise<void> {
    const kind = this.chat.getState().summaries[roomId]?.room.kind;
    if (kind !== "dm" && kind !== "group") return;
    try {
      const list = await api.receipts(roomId);
      const room: Record<Guid, number> = {};
      for (const r of list) room[r.userId] = r.lastReadSeq;
      this.set({ byRoom: { ...this.getState().byRoom, [roomId]: room } });
    } catch {
      // No receipts shown.
    }
  }

  private apply(roomId: Guid, userId: Guid, seq: number): void {
    const room = this.getState().byRoom[roomId] ?? {};
    if ((room[userId] ?? -1) >= seq) return;
    this.set({ byRoom: { ...this.getState().byRoom, [roomId]: { ...room, [userId]: seq } } });
  }
}
