import type { ChatConnection } from "../../realtime/connection";
import { HubEvents, type HubEventName } from "../../realtime/events";

type Handler = (payload: never) => void;

/**
 * Events that carry several of another, in order (docs/api.md): the server sends a room's messages from one commit as
 * one MessagesCreated, which is exactly its messages' MessageCreated events. Each is handed on as that event, so no
 * store needs to know the batch exists.
 */
const batchOf: Partial<Record<HubEventName, HubEventName>> = { [HubEvents.MessageCreated]: HubEvents.MessagesCreated };

/**
 * Hands each hub event to the chat store's own handler first, then to the stores beside it (presence, friends,
 * settings, alerts, receipts), so they see the state the event already made. One handler per event on the connection
 * (and one for its batch form, whose items are handed on one by one).
 */
export class HubEventBus {
  private readonly handlers = new Map<string, { own: Handler | null; taps: Set<Handler> }>();

  constructor(private readonly connection: ChatConnection) {}

  /** The chat store's own handler for an event (one per event). */
  handle<T>(event: HubEventName, handler: (payload: T) => void): void {
    this.entry(event).own = handler as Handler;
  }

  /** Runs `handler` for a hub event, after the chat store applied it. Returns the unsubscribe. */
  tap<T>(event: HubEventName, handler: (payload: T) => void): () => void {
    const taps = this.entry(event).taps;
    taps.add(handler as Handler);
    return () => taps.delete(handler as Handler);
  }

  private entry(event: HubEventName) {
    let e = this.handlers.get(event);
    if (!e) {
      this.handlers.set(event, (e = { own: null, taps: new Set() }));
      this.connection.on<unknown>(event, (p) => this.dispatch(event, p));
      const batch = batchOf[event];
      if (batch) this.connection.on<unknown[]>(batch, (items) => { for (const p of items) this.dispatch(event, p); });
    }
    return e;
  }

  private dispatch(event: string, payload: unknown): void {
    const e = this.handlers.get(event);
    if (!e) return;
    (e.own as ((p: unknown) => void) | null)?.(payload);
    for (const h of e.taps) (h as (p: unknown) => void)(payload);
  }
}
