import type { RoomDto } from "../../api/types";
import type { OutgoingMessage } from "../../lib/outbox";

/**
 * Why I can't post in this room at all, or null: an archived room takes no messages from anyone, a read-only one only
 * from those with PostInReadOnlyRoom (the server refuses with read_only either way).
 */
export function postingBlocked(room: Pick<RoomDto, "readOnly" | "archived">, mayPostReadOnly: boolean): string | null {
  if (room.archived) return "This room is archived. Nobody can post here.";
  if (room.readOnly && !mayPostReadOnly) return "Only moderators can post here.";
  return null;
}

/** When I may send again after a message sent at `sentAt` (ms), or null when slow mode doesn't hold me back. */
export function slowModeUntil(sentAt: number, slowModeSeconds: number | undefined, exempt: boolean): number | null {
  return !exempt && slowModeSeconds && slowModeSeconds > 0 ? sentAt + slowModeSeconds * 1000 : null;
}

/** The newest refusal in this room that says I am timed out (its sentence names the end), or null. */
export function timedOutNotice(outgoing: readonly OutgoingMessage[], roomId: string): string | null {
  for (let i = outgoing.length - 1; i >= 0; i--) {
    const m = outgoing[i]!;
    if (m.roomId === roomId && m.status === "failed" && m.errorCode === "timed_out") return m.error;
  }
  return null;
}

/** Slow-mode waits by room, kept while the composer comes and goes (switching rooms, reopening one). */
const slowUntil = new Map<string, number>();

export const slowModeWaits = {
  get: (roomId: string): number | null => {
    const at = slowUntil.get(roomId);
    return at !== undefined && at > Date.now() ? at : null;
  },
  set: (roomId: string, until: number | null): void => {
    if (until === null) slowUntil.delete(roomId);
    else slowUntil.set(roomId, until);
  },
};
