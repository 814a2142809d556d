import type { Guid, RoomSummary } from "../api/types";

export interface NamedUser {
  displayName: string;
}

/** A conversation's title: the room name, or for DMs the other people's display names. */
export function conversationTitle(s: RoomSummary, me: Guid, users: Record<Guid, NamedUser | undefined>): string {
  if (s.room.kind === "public" || s.room.kind === "private") return s.room.name;
  const others = (s.members ?? []).filter((m) => m.id !== me);
  if (others.length === 0) return users[me]?.displayName ?? "Just you";
  return others.map((m) => users[m.id]?.displayName ?? m.displayName).join(", ");
}

export function isDirect(s: RoomSummary): boolean {
  return s.room.kind === "dm" || s.room.kind === "group";
}
