import type { RoomDto, RoomRemovedEvent } from "../../api/types";

/**
 * What to tell someone whose room vanished from their list (RoomRemoved). A moderator's kick or ban carries a reason,
 * "" when none was given; null means they left themselves (in another tab): nothing to say. An admin's deletion says so.
 */
export function removalNotice(room: Pick<RoomDto, "kind" | "name"> | undefined, e: RoomRemovedEvent): string | null {
  if (!room) return null;
  const where = room.kind === "public" || room.kind === "private" ? `#${room.name}` : "a conversation";
  if (e.deleted) return `${where === "a conversation" ? "A conversation" : where} was deleted.`;
  if (e.reason === null || e.reason === undefined) return null;
  const what = e.banned ? `You were banned from ${where}` : `You were removed from ${where}`;
  const why = e.reason.trim();
  return why ? `${what}: ${why}` : `${what}.`;
}
