import { api, errorText } from "../../api/client";
import type { Guid, MessageDto, ScheduledChangedEvent, ScheduledMessageDto } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export interface ScheduledState {
  /** My scheduled messages not yet sent (pending, being sent, failed), by id. */
  items: Readonly<Record<Guid, ScheduledMessageDto>>;
}

/**
 * My scheduled messages (issue 21): the list is loaded at start and after each reconnect, and ScheduledChanged (from
 * any of my tabs, and from the server when one is sent or fails) keeps it live. Sent ones leave it.
 */
export class ScheduledStore extends Store<ScheduledState> {
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore) {
    super({ items: {} });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<ScheduledChangedEvent>(HubEvents.ScheduledChanged, (e) => this.apply(e)),
      this.chat.onConnected(() => void this.load()),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }

  async load(): Promise<void> {
    try {
      const list = await api.scheduled();
      this.set({ items: Object.fromEntries(list.map((s) => [s.id, s])) });
    } catch {
      // Tried again after the next reconnect.
    }
  }

  apply(e: ScheduledChangedEvent): void {
    const items = { ...this.getState().items };
    if (!e.scheduled || e.scheduled.state === "sent") delete items[e.id];
    else items[e.id] = e.scheduled;
    this.set({ items });
  }

  /** Schedules a text for later; false (and a notice) if the server refused. */
  async schedule(roomId: Guid, text: string, at: Date, replyTo: MessageDto | null = null): Promise<boolean> {
    return this.answer(() => api.schedule(roomId, { text, sendAt: at.toISOString(), replyToId: replyTo?.id ?? null }));
  }

  async edit(id: Guid, change: { text?: string; at?: Date }): Promise<boolean> {
    return this.answer(() => api.editScheduled(id, { text: change.text, sendAt: change.at?.toISOString() }));
  }

  /** "Send now": due at once; the dispatcher sends it within moments. */
  sendNow(id: Guid): Promise<boolean> {
    return this.edit(id, { at: new Date() });
  }

  /** Cancels a pending one, or dismisses a failed one. */
  async cancel(id: Guid): Promise<boolean> {
    const was = this.getState().items[id];
    try {
      await api.cancelScheduled(id);
      if (was) this.apply({ id, roomId: was.roomId, scheduled: null });
      return true;
    } catch (e) {
      this.chat.notify(errorText(e));
      return false;
    }
  }

  private async answer(call: () => Promise<ScheduledMessageDto>): Promise<boolean> {
    try {
      const s = await call();
      this.apply({ id: s.id, roomId: s.roomId, scheduled: s });
      return true;
    } catch (e) {
      this.chat.notify(errorText(e));
      return false;
    }
  }
}

/** One conversation's: pending (and being sent) by time due, then failed ones. */
export function scheduledIn(items: Readonly<Record<Guid, ScheduledMessageDto>>, roomId: Guid): ScheduledMessageDto[] {
  const failedLast = (s: ScheduledMessageDto) => (s.state === "failed" ? 1 : 0);
  return Object.values(items).filter((s) => s.roomId === roomId)
    .sort((a, b) => failedLast(a) - failedLast(b) || Date.parse(a.sendAt) - Date.parse(b.sendAt) || a.id.localeCompare(b.id));
}
