import { api, errorText } from "../../api/client";
import type { Guid, SavedChangedEvent } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export interface SavedState {
  /** Ids of the messages I saved that this tab knows of (the newest saved, then whatever changes live). */
  ids: ReadonlySet<Guid>;
}

/** How many saved ids are loaded at start and after each reconnect: the menu's Save/Unsave for recent ones. */
const KNOWN = 100;

/**
 * Which messages I saved, so a message's menu says Save or Unsave: the newest saved are loaded at start and after
 * each reconnect, and SavedChanged (from any of my tabs) keeps the set live. The list itself is SavedDialog's.
 */
export class SavedStore extends Store<SavedState> {
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore) {
    super({ ids: new Set() });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<SavedChangedEvent>(HubEvents.SavedChanged, (e) => this.apply(e)),
      this.chat.onConnected(() => void this.load()),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }

  async load(): Promise<void> {
    try {
      const page = await api.saved(undefined, KNOWN);
      this.set({ ids: new Set(page.items.map((i) => i.message.id)) });
    } catch {
      // Tried again after the next reconnect; saving still works.
    }
  }

  apply(e: SavedChangedEvent): void {
    const ids = new Set(this.getState().ids);
    if (e.savedAt === null) ids.delete(e.messageId);
    else ids.add(e.messageId);
    this.set({ ids });
  }

  async setSaved(messageId: Guid, saved: boolean): Promise<void> {
    try {
      this.apply(saved ? await api.save(messageId) : await api.unsave(messageId));
    } catch (e) {
      this.chat.notify(errorText(e));
    }
  }
}
