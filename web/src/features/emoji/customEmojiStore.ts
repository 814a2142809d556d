import { api } from "../../api/client";
import type { CustomEmojiChangedEvent, CustomEmojiDto } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";

export interface CustomEmojiState {
  /** Sorted by name: the picker's Custom category and the Custom emoji dialog. */
  list: readonly CustomEmojiDto[];
  /** Name → image URL: what `:name:` in text and reactions shows. A name missing here stays text. */
  urls: ReadonlyMap<string, string>;
}

function stateOf(list: readonly CustomEmojiDto[]): CustomEmojiState {
  const sorted = [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { list: sorted, urls: new Map(sorted.map((e) => [e.name, e.url])) };
}

/**
 * The server's custom emoji: loaded at start and after each reconnect (GET /api/emoji, answered 304 by the browser's
 * cache while unchanged), kept live by CustomEmojiChanged, which every connection hears.
 */
export class CustomEmojiStore extends Store<CustomEmojiState> {
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore) {
    super(stateOf([]));
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<CustomEmojiChangedEvent>(HubEvents.CustomEmojiChanged, (e) => this.apply(e)),
      this.chat.onConnected(() => void this.load()),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }

  async load(): Promise<void> {
    try {
      this.set(stateOf(await api.customEmoji()));
    } catch {
      // Tried again after the next reconnect; until then `:name:` shows as text.
    }
  }

  /** Idempotent: an addition seen twice (the answer and the event) or a removal of an unknown name changes nothing. */
  apply(e: CustomEmojiChangedEvent): void {
    const list = this.getState().list.filter((x) => x.name !== e.removedName && x.name !== e.added?.name);
    this.set(stateOf(e.added ? [...list, e.added] : list));
  }

  /** Rejects with the server's ApiError (the form shows which field). */
  async add(name: string, picture: Blob): Promise<CustomEmojiDto> {
    const added = await api.addCustomEmoji(name, picture);
    this.apply({ added, removedName: null });
    return added;
  }

  async remove(name: string): Promise<void> {
    await api.removeCustomEmoji(name);
    this.apply({ added: null, removedName: name });
  }
}
