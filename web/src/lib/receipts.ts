import type { Guid, MessageDto, RoomKind } from "../api/types";

/**
 * The "Seen" line under my latest message when it is the newest message of a DM or group: "Seen" in a 1:1 DM,
 * "Seen by Bob, Carol" in a group (with "and N others" past three). Null when nobody (sharing receipts) read it yet.
 */
export function receiptText(
  messages: readonly MessageDto[], meId: Guid, kind: RoomKind, receipts: Readonly<Record<Guid, number>>, nameOf: (id: Guid) => string,
): { messageId: Guid; text: string } | null {
  if (kind !== "dm" && kind !== "group") return null;
  let last: MessageDto | undefined;
  for (let i = messages.length - 1; i >= 0 && !last; i--) {
    const m = messages[i]!;
    if (m.kind === "text" && !m.deletedAt) last = m;
  }
  if (!last || last.senderId !== meId) return null;
  const readers = Object.entries(receipts).filter(([id, seq]) => id !== meId && seq >= last.seq).map(([id]) => nameOf(id)).sort((a, b) => a.localeCompare(b));
  if (readers.length === 0) return null;
  if (kind === "dm") return { messageId: last.id, text: "Seen" };
  const shown = readers.length > 3 ? `${readers.slice(0, 3).join(", ")} and ${readers.length - 3} ${readers.length - 3 === 1 ? "other" : "others"}` : readers.join(", ");
  return { messageId: last.id, text: `Seen by ${shown}` };
}
