import type { Guid, TypingEvent } from "../../api/types";
import type { ChatConnection } from "../../realtime/connection";
import type { ChatStateCell, TypingUser } from "./chatState";

const TYPING_TTL_MS = 6000;

/** Who is typing in each room (`state.typing`): from UserTyping/TypingStopped, expiring by themselves; and our own signals. */
export class TypingIndicators {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly cell: ChatStateCell, private readonly connection: ChatConnection, private readonly ensureUser: (id: Guid) => void) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.expire(), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** UserTyping (`typing`) or TypingStopped from someone else. */
  apply(e: TypingEvent, typing: boolean): void {
    const state = this.cell.get();
    if (e.userId === state.me.id) return;
    const list = (state.typing[e.roomId] ?? []).filter((u) => u.userId !== e.userId);
    if (typing) list.push({ userId: e.userId, userName: e.userName, until: Date.now() + TYPING_TTL_MS });
    this.cell.set({ typing: { ...state.typing, [e.roomId]: list } });
    this.ensureUser(e.userId);
  }

  /** Their message arrived: they are done typing it. */
  sent(roomId: Guid, senderId: Guid): void {
    const state = this.cell.get();
    const typing = state.typing[roomId];
    if (typing?.some((u) => u.userId === senderId)) {
      this.cell.set({ typing: { ...state.typing, [roomId]: typing.filter((u) => u.userId !== senderId) } });
    }
  }

  private expire(): void {
    const now = Date.now();
    let changed = false;
    const typing: Record<Guid, TypingUser[]> = {};
    for (const [roomId, list] of Object.entries(this.cell.get().typing)) {
      const kept = list.filter((u) => u.until > now);
      if (kept.length !== list.length) changed = true;
      typing[roomId] = kept;
    }
    if (changed) this.cell.set({ typing });
  }

  /** We are typing in the room (the composer calls this as keys are pressed). */
  typing(roomId: Guid): void {
    if (this.connection.isConnected) this.connection.typing(roomId).catch(() => undefined);
  }

  stopTyping(roomId: Guid): void {
    if (this.connection.isConnected) this.connection.stopTyping(roomId).catch(() => undefined);
  }
}
