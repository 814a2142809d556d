import type { Guid } from "../../api/types";
import type { ChatStore } from "../chat/chatStore";
import { noteOpened, saveLastState, snapshotOf } from "./lastState";

/** After a change, wait this long for more before writing (a busy server's events are written once a while; leaving the page writes at once). */
const SAVE_AFTER_MS = 1500;

/**
 * Keeps the last state (lastState.ts) in step with the chat store: follows which conversations are opened, and writes
 * a snapshot shortly after changes and when the page is hidden. Nothing is written once the session has ended.
 */
export class LastStateSaver {
  private recent: Guid[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastSeen: unknown = null;

  constructor(private readonly chat: ChatStore, saved: { currentRoomId: Guid | null; timelines: Record<Guid, unknown> } | null) {
    // Started from a saved state: its rooms stay the recent ones until others are opened.
    if (saved) this.recent = [...new Set([saved.currentRoomId, ...Object.keys(saved.timelines)].filter((x): x is Guid => !!x))];
  }

  start(): void {
    this.unsubscribe = this.chat.subscribe(this.onChange);
    window.addEventListener("pagehide", this.flush);
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    window.removeEventListener("pagehide", this.flush);
    document.removeEventListener("visibilitychange", this.onVisibility);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private onChange = () => {
    const s = this.chat.getState();
    this.recent = noteOpened(this.recent, s.currentRoomId);
    // Typing, presence and toasts change often and are not saved: only what is saved schedules a write.
    const seen = [s.summaries, s.timelines, s.currentRoomId, s.roomsLoaded];
    if (Array.isArray(this.lastSeen) && seen.every((x, i) => x === (this.lastSeen as unknown[])[i])) return;
    this.lastSeen = seen;
    if (this.timer) return;
    this.timer = setTimeout(this.flush, SAVE_AFTER_MS);
  };

  private onVisibility = () => {
    if (document.visibilityState === "hidden") this.flush();
  };

  /** Writes now (the page is going away, or the wait is over). */
  flush = () => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const s = this.chat.getState();
    if (this.chat.sessionEnded || !s.roomsLoaded) return;
    saveLastState(snapshotOf(s, this.recent));
  };
}
