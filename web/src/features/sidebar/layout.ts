import type { Guid, RoomSummary, SidebarCategoryKind, SidebarDto } from "../../api/types";
import { isDirect } from "../../lib/names";
import { sortSummaries } from "../../lib/unread";

/** One section as the sidebar shows it: its conversations sorted as the room list is (latest activity first). */
export interface SectionView {
  /** null until the layout is loaded (the built-ins shown meanwhile can't be changed yet). */
  id: Guid | null;
  kind: SidebarCategoryKind;
  title: string;
  collapsed: boolean;
  items: RoomSummary[];
}

const TITLES: Record<Exclude<SidebarCategoryKind, "custom">, string> = {
  favourites: "Favourites",
  rooms: "Rooms",
  direct: "Direct messages",
};

/** What a fresh layout is, shown before the server's arrives. */
const FRESH: SidebarDto["categories"] = (["favourites", "rooms", "direct"] as const).map((kind) => ({
  id: "", kind, name: null, collapsed: false, roomIds: [],
}));

export function sectionTitle(kind: SidebarCategoryKind, name: string | null): string {
  return kind === "custom" ? name ?? "" : TITLES[kind];
}

/** The built-in section a conversation goes back to: Rooms, or Direct messages for DMs and group DMs. */
export function defaultKind(s: RoomSummary): "rooms" | "direct" {
  return isDirect(s) ? "direct" : "rooms";
}

/**
 * The conversations grouped into the user's sections, in the user's order. A conversation the layout doesn't place
 * (joined since it was loaded) or places in a section of the wrong kind sits in its default; room ids the layout
 * lists that aren't in the summaries (left since) are ignored.
 */
export function groupSections(layout: SidebarDto | null, summaries: readonly RoomSummary[]): SectionView[] {
  const categories = layout?.categories ?? FRESH;
  const where = new Map<Guid, number>();
  categories.forEach((c, i) => c.roomIds.forEach((r) => where.set(r, i)));
  const held = categories.map(() => [] as RoomSummary[]);
  for (const s of summaries) {
    const home = defaultKind(s);
    const at = where.get(s.room.id);
    const placed = at !== undefined && fits(categories[at]!.kind, home) ? at : categories.findIndex((c) => c.kind === home);
    if (placed >= 0) held[placed]!.push(s);
  }
  return categories.map((c, i) => ({
    id: layout ? c.id : null,
    kind: c.kind,
    title: sectionTitle(c.kind, c.name),
    collapsed: c.collapsed,
    items: sortSummaries(held[i]!),
  }));
}

/** Favourites and your own sections take anything; a built-in takes only its own kind. */
export function fits(section: SidebarCategoryKind, home: "rooms" | "direct"): boolean {
  return section === "favourites" || section === "custom" || section === home;
}

/** Favourites shows only when it holds something; the others always (an empty section of yours is a drop target). */
export function isShown(s: SectionView): boolean {
  return s.kind !== "favourites" || s.items.length > 0;
}

/**
 * The order after moving a section up (-1) or down (+1) past its neighbour among the shown ones (a hidden Favourites
 * is skipped, so each move visibly moves); null when it is already first or last.
 */
export function moveSection(sections: readonly SectionView[], id: Guid, by: -1 | 1): Guid[] | null {
  const ids = sections.map((s) => s.id);
  if (ids.some((x) => x === null)) return null;
  const from = ids.indexOf(id);
  if (from < 0) return null;
  let to = from + by;
  while (to >= 0 && to < sections.length && !isShown(sections[to]!)) to += by;
  if (to < 0 || to >= sections.length) return null;
  const order = ids.filter((x) => x !== id) as Guid[];
  order.splice(to, 0, id);
  return order;
}

/** The layout with a section changed as the server will change it (shown at once; the server's answer replaces it). */
export function withSection(layout: SidebarDto, id: Guid, change: { name?: string; collapsed?: boolean }): SidebarDto {
  return { categories: layout.categories.map((c) => (c.id === id ? { ...c, ...change } : c)) };
}

/** The layout with a room moved into a section (null: out of wherever it was, back to its default). */
export function withRoomIn(layout: SidebarDto, roomId: Guid, categoryId: Guid | null): SidebarDto {
  return {
    categories: layout.categories.map((c) => {
      const without = c.roomIds.filter((r) => r !== roomId);
      return { ...c, roomIds: c.id === categoryId ? [roomId, ...without] : without };
    }),
  };
}

/** The layout without a room (left or removed): if it comes back it starts in its default, as on the server. */
export function withoutRoom(layout: SidebarDto, roomId: Guid): SidebarDto {
  if (!layout.categories.some((c) => c.roomIds.includes(roomId))) return layout;
  return withRoomIn(layout, roomId, null);
}
