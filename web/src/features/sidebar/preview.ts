import type { Guid, MessageDto, RoomKind } from "../../api/types";
import { plainPreview } from "../../lib/markdown";

/** A person's first name, from whatever name is known of them. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/**
 * The one line under a conversation's name: its last message as plain text (Markdown stripped, mentions as @name,
 * files as "📎 name", system lines as they read), "You: " before your own and the sender's first name before
 * others' in rooms and group messages (a 1:1 DM needs no name). "" when there is nothing to show.
 */
export function messagePreview(
  m: MessageDto | null, kind: RoomKind, me: Guid, nameOf: (userId: Guid) => string | undefined,
  plain: (text: string) => string = (t) => plainPreview(t, 200),
): string {
  if (!m) return "";
  if (m.kind === "system") return m.text.replace(/\s+/g, " ").trim();
  if (m.deletedAt) return "Message deleted";
  const body = plain(m.text) || filesLine(m);
  if (!body) return "";
  const who = m.senderId === me ? "You" : kind === "dm" ? null : firstName(nameOf(m.senderId) ?? "");
  return who ? `${who}: ${body}` : body;
}

function filesLine(m: MessageDto): string {
  const [first, ...more] = m.files ?? [];
  if (!first) return "";
  return `📎 ${first.name}${more.length > 0 ? ` and ${more.length} more` : ""}`;
}

/** "typing…" in a DM; who is typing elsewhere (never you); null when nobody is. */
export function typingPreview(userIds: readonly Guid[], kind: RoomKind, me: Guid, nameOf: (userId: Guid) => string | undefined): string | null {
  const others = userIds.filter((id) => id !== me);
  if (others.length === 0) return null;
  if (kind === "dm") return "typing…";
  const names = others.map((id) => firstName(nameOf(id) ?? "Someone"));
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

const COMPACT_KEY = "parley.sidebar.compact";

/** The compact sidebar (no preview lines): a choice of this browser, kept in localStorage. */
export function loadCompact(): boolean {
  try {
    return localStorage.getItem(COMPACT_KEY) === "1";
  } catch {
    return false;
  }
}

export function saveCompact(compact: boolean): void {
  try {
    if (compact) localStorage.setItem(COMPACT_KEY, "1");
    else localStorage.removeItem(COMPACT_KEY);
  } catch {
    // Storage unavailable (private mode): the choice lasts until reload.
  }
}
