import { errorCode, errorText } from "../../api/client";
import type { Guid } from "../../api/types";
import type { ChatConnection } from "../../realtime/connection";
import type { ChatStateCell } from "./chatState";
import type { RoomTimelines } from "./roomTimelines";

/** The most rooms one Sync call may name (the hub refuses more: "Give at most 1000 rooms."). */
const SYNC_BATCH = 1000;

export interface CatchUpContext {
  timelines: RoomTimelines;
  /** A room the Sync answer left out: no longer ours. */
  dropRoom(roomId: Guid): void;
  refreshRooms(): Promise<void>;
  /** Sends what the outbox holds. */
  flushOutbox(): void;
  checkSession(): void;
  notify(notice: string): void;
  isDisposed(): boolean;
}

/** After every (re)connect: the other stores' hooks, Sync every room from its rev, refresh the room list, send what waited. */
export class CatchUp {
  private readonly hooks = new Set<() => void>();

  constructor(private readonly cell: ChatStateCell, private readonly connection: ChatConnection, private readonly ctx: CatchUpContext) {}

  /** Runs after the first connect and every reconnect. */
  onConnected(hook: () => void): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  async run(): Promise<void> {
    if (this.ctx.isDisposed()) return;
    for (const hook of this.hooks) hook();
    const ids = Object.keys(this.cell.get().summaries);
    try {
      const answered = new Set<Guid>();
      for (let i = 0; i < ids.length; i += SYNC_BATCH) {
        const revs: Record<Guid, number> = {};
        for (const id of ids.slice(i, i + SYNC_BATCH)) revs[id] = this.ctx.timelines.revOf(id);
        for (const p of await this.connection.sync(revs)) {
          answered.add(p.roomId);
          await this.ctx.timelines.applySyncPage(p);
        }
      }
      for (const id of ids) if (!answered.has(id)) this.ctx.dropRoom(id);
      await this.ctx.refreshRooms();
    } catch (e) {
      if (errorCode(e) === "session_ended") return void this.ctx.checkSession();
      this.ctx.notify(errorText(e));
    }
    this.ctx.flushOutbox();
    const state = this.cell.get();
    const current = state.currentRoomId;
    if (current && state.timelines[current]?.loaded === false) void this.ctx.timelines.loadLatest(current);
  }
}
