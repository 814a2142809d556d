import { api, errorText } from "../../api/client";
import type { Guid, RoomRemovedEvent, SidebarDto } from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";
import { loadCompact, saveCompact } from "./preview";
import { withRoomIn, withSection, withoutRoom } from "./layout";

export interface SidebarState {
  /** The server's layout (GET /api/sidebar, then SidebarChanged from any tab); null until loaded. */
  layout: SidebarDto | null;
  /** No preview lines (this browser's choice). */
  compact: boolean;
}

/**
 * The sidebar's sections: loaded at start and after each reconnect, replaced whole by SidebarChanged and by each
 * change's answer. Collapse, moves and favourites show at once and are put right by the server's answer (or put
 * back when it refuses).
 */
export class SidebarStore extends Store<SidebarState> {
  private readonly offs: (() => void)[] = [];

  constructor(private readonly chat: ChatStore) {
    super({ layout: null, compact: loadCompact() });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<SidebarDto>(HubEvents.SidebarChanged, (layout) => this.set({ layout })),
      // Left or removed: the server dropped its placement with the membership; a later join starts in the default.
      this.chat.onHub<RoomRemovedEvent>(HubEvents.RoomRemoved, (e) => this.dropRoom(e.roomId)),
      this.chat.onConnected(() => void this.load()),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
  }

  async load(): Promise<void> {
    try {
      this.set({ layout: await api.sidebar() });
    } catch {
      // Shown as a fresh layout meanwhile; tried again after the next reconnect.
    }
  }

  dropRoom(roomId: Guid): void {
    const layout = this.getState().layout;
    if (layout) this.set({ layout: withoutRoom(layout, roomId) });
  }

  setCompact(compact: boolean): void {
    saveCompact(compact);
    this.set({ compact });
  }

  /** A new section of mine; its id. A refusal is thrown, for the form to show beside its field. */
  async createSection(name: string): Promise<Guid> {
    const created = await api.createSection(name);
    // SidebarChanged usually came first; without a connection, read the layout.
    if (!this.getState().layout?.categories.some((c) => c.id === created.id)) await this.load();
    return created.id;
  }

  renameSection(id: Guid, name: string): Promise<void> {
    return this.change((l) => withSection(l, id, { name }), () => api.updateSection(id, { name }), true);
  }

  setCollapsed(id: Guid, collapsed: boolean): Promise<void> {
    return this.change((l) => withSection(l, id, { collapsed }), () => api.updateSection(id, { collapsed }));
  }

  deleteSection(id: Guid): Promise<void> {
    return this.change((l) => ({ categories: l.categories.filter((c) => c.id !== id) }), () => api.deleteSection(id));
  }

  orderSections(ids: Guid[]): Promise<void> {
    return this.change((l) => ({ categories: ids.map((id) => l.categories.find((c) => c.id === id)!).filter(Boolean) }), () => api.orderSections(ids));
  }

  moveRoom(roomId: Guid, categoryId: Guid | null): Promise<void> {
    return this.change((l) => withRoomIn(l, roomId, categoryId), () => api.placeInSection(roomId, categoryId));
  }

  setFavourite(roomId: Guid, favourite: boolean): Promise<void> {
    const favourites = this.getState().layout?.categories.find((c) => c.kind === "favourites");
    const inFavourites = favourites?.roomIds.includes(roomId) ?? false;
    return this.change(
      (l) => (favourite ? withRoomIn(l, roomId, favourites?.id ?? null) : inFavourites ? withRoomIn(l, roomId, null) : l),
      () => api.setFavourite(roomId, favourite));
  }

  /** Whether the conversation is in Favourites. */
  isFavourite(roomId: Guid): boolean {
    return this.getState().layout?.categories.some((c) => c.kind === "favourites" && c.roomIds.includes(roomId)) ?? false;
  }

  /**
   * Shows the change at once, then the server's layout; a refusal puts the layout back and is shown as a notice
   * (or, with `rethrow`, left to the caller's form to show beside its field).
   */
  private async change(local: (l: SidebarDto) => SidebarDto, remote: () => Promise<SidebarDto>, rethrow = false): Promise<void> {
    const before = this.getState().layout;
    if (!before) return;
    this.set({ layout: local(before) });
    try {
      this.set({ layout: await remote() });
    } catch (e) {
      this.set({ layout: before });
      void this.load();
      if (rethrow) throw e;
      this.chat.notify(errorText(e));
    }
  }
}
