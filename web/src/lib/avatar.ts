/** Up to two initials of a display name ("Ada Lovelace" → "AL", "bob" → "B"). */
export function initials(name: string): string {
  const parts = name.trim().split(/[\s._-]+/u).filter(Boolean);
  const chars = parts.slice(0, 2).map((p) => Array.from(p)[0] ?? "");
  return chars.join("").toUpperCase() || "?";
}

/** A stable hue from a user id, for the avatar background. */
export function hueFromId(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % 360;
}
