import { api } from "../../api/client";
import type { ChosenPresence, Guid, PresenceDto } from "../../api/types";
import { createIdleTimer, DEFAULT_AWAY_MINUTES, type IdleTimer } from "../../lib/idle";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export interface PresenceState {
  byUser: Record<Guid, PresenceDto>;
}

const BATCH = 500;
const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "touchstart", "wheel", "focus"] as const;

/**
 * Who is online, away, on do-not-disturb or offline: asked for everyone the chat knows of after each (re)connect,
 * and for people as they appear; kept live by PresenceChanged. Also this tab's idle state (SetIdle) and my choice.
 */
export class PresenceStore extends Store<PresenceState> {
  private readonly asked = new Set<Guid>();
  private pending = new Set<Guid>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private idle: IdleTimer | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore) {
    super({ byUser: {} });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<PresenceDto>(HubEvents.PresenceChanged, (p) => this.apply([p])),
      this.chat.onConnected(() => this.onConnected()),
      this.chat.subscribe(() => this.trackKnown()),
    );
    this.idle = createIdleTimer(DEFAULT_AWAY_MINUTES * 60_000, (idle) => this.sendIdle(idle));
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, this.onActivity, { passive: true, capture: true });
    document.addEventListener("visibilitychange", this.onVisibility);
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.idle?.dispose();
    this.idle = null;
    for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, this.onActivity, { capture: true });
    document.removeEventListener("visibilitychange", this.onVisibility);
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  /** settings.awayAfterMinutes. */
  setAwayAfter(minutes: number): void {
    this.idle?.setTimeoutMs(Math.max(1, minutes) * 60_000);
  }

  statusOf(userId: Guid): PresenceDto | undefined {
    return this.getState().byUser[userId];
  }

  /** Asks for these people's presence (soon, in one call) unless already known. */
  track(ids: Iterable<Guid>): void {
    for (const id of ids) if (!this.asked.has(id)) this.pending.add(id);
    if (this.pending.size && !this.flushTimer) this.flushTimer = setTimeout(() => void this.flush(), 30);
  }

  /** My chosen status: online (automatic), away or dnd; kept by the server across sessions. */
  async choose(status: ChosenPresence): Promise<void> {
    const meId = this.chat.getState().me.id;
    const prev = this.statusOf(meId);
    this.apply([{ userId: meId, status, lastSeenAt: null }]);
    try {
      if (this.chat.hub.isConnected) await this.chat.hub.setPresence(status);
      else this.apply([await api.setPresence(status)]);
    } catch (e) {
      if (prev) this.apply([prev]);
      throw e;
    }
  }

  private onActivity = () => this.idle?.activity();

  private onVisibility = () => {
    if (document.visibilityState === "visible") this.idle?.activity();
  };

  private sendIdle(idle: boolean): void {
    if (this.chat.hub.isConnected) this.chat.hub.setIdle(idle).catch(() => undefined);
  }

  private onConnected(): void {
    // A new connection starts active: tell it if this tab is idle.
    if (this.idle?.idle) this.sendIdle(true);
    for (const id of Object.keys(this.getState().byUser)) this.pending.add(id);
    this.asked.clear();
    this.trackKnown(true);
  }

  private lastUsers: object | null = null;

  private trackKnown(force = false): void {
    const s = this.chat.getState();
    if (!force && s.users === this.lastUsers) return;
    this.lastUsers = s.users;
    const ids = [s.me.id, ...Object.keys(s.users)];
    if (force) for (const id of ids) this.pending.add(id);
    this.track(ids);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    if (!this.chat.hub.isConnected) return; // asked for after the connect
    const ids = [...this.pending].filter((id) => id && !id.startsWith("former:"));
    this.pending = new Set();
    for (const id of ids) this.asked.add(id);
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      try {
        this.apply(await this.chat.hub.getPresence(chunk));
      } catch {
        for (const id of chunk) this.asked.delete(id); // asked again after the next connect
      }
    }
  }

  private apply(list: readonly PresenceDto[]): void {
    if (list.length === 0) return;
    const byUser = { ...this.getState().byUser };
    for (const p of list) byUser[p.userId] = { ...p, lastSeenAt: p.lastSeenAt ?? null };
    this.set({ byUser });
  }
}
