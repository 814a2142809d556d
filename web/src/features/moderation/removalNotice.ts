import type { RoomDto, RoomRemovedEvent } from "../../api/types";

/**
 * What to tell someone whose room vanished from their list (RoomRemoved). A moderator's kick or ban carries a reason,
 * "" when none was given; null means they left themselves (in another tab) or the room was deleted: nothing to say.
 */
export function removalNotice(room: Pick<RoomDto, "kind" | "name"> | undefined, e: RoomRemovedEvent): string | null {
  if (!room || e.reason === null || e.reason === undefined) return null;
  const where = room.kind === "public" || room.kind === "private" ? `#${room.name}` : "a conversation";
  const what = e.banned ? `You were banned from ${where}` : `You were removed from ${where}`;
  const why = e.reason.trim();
  return why ? `${what}: ${why}` : `${what}.`;
}
