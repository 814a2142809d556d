import type { Guid, MessageDto } from "../api/types";

/** @here reaches members online when it was sent; @room (and its aliases) every member. */
export const WILDCARDS: Record<string, "here" | "room"> = { here: "here", room: "room", everyone: "room", channel: "room" };

/** A login name after "@": letters, digits, ".", "_", "-", not ending in "." or "-" (so "@bob." is bob). */
export const MENTION = /(^|[^A-Za-z0-9._@-])@([A-Za-z0-9._-]*[A-Za-z0-9_])/g;

/** Text without code blocks and code spans, where "@name" is not a mention. */
export function proseOnly(text: string): string {
  return text.replace(/```[\s\S]*?(```|$)/g, " ").replace(/`[^`\n]*`/g, " ");
}

/** The names and the wildcard a text mentions (lower case), as the server reads them. */
export function parseMentions(text: string): { names: string[]; wildcard: "here" | "room" | null } {
  const names = new Set<string>();
  let wildcard: "here" | "room" | null = null;
  for (const m of proseOnly(text).matchAll(MENTION)) {
    const name = m[2]!.toLowerCase();
    const w = WILDCARDS[name];
    if (w) wildcard = wildcard === "room" ? "room" : w;
    else names.add(name);
  }
  return { names: [...names], wildcard };
}

/**
 * Does this message mention me: by name, or through @here/@room. The server's `mentions`/`wildcard` when it sends
 * them; older servers: read from the text.
 */
export function mentionsMe(m: Pick<MessageDto, "text" | "mentions" | "wildcard" | "senderId">, me: { id: Guid; userName: string }): boolean {
  if (m.senderId === me.id) return false;
  if (m.mentions !== undefined) return m.mentions.includes(me.id) || !!m.wildcard;
  const parsed = parseMentions(m.text);
  return !!parsed.wildcard || parsed.names.includes(me.userName.toLowerCase());
}

// ---- autocomplete ----

export interface MentionCandidate {
  id: Guid;
  userName: string;
  displayName: string;
}

export interface MentionOption {
  /** A user id, or "here" / "room". */
  key: string;
  /** What is inserted after "@". */
  insert: string;
  label: string;
  detail: string;
}

/** The "@partial" being typed just before the caret, if any. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[\s([{"'])@([A-Za-z0-9._-]{0,64})$/.exec(before);
  if (!m) return null;
  const start = caret - m[2]!.length - 1;
  if (oddBackticks(text.slice(0, start))) return null; // inside code
  return { start, query: m[2]! };
}

function oddBackticks(s: string): boolean {
  return (s.match(/`/g)?.length ?? 0) % 2 === 1;
}

const SPECIAL: MentionOption[] = [
  { key: "here", insert: "here", label: "@here", detail: "Notify everyone online in this conversation" },
  { key: "room", insert: "room", label: "@room", detail: "Notify everyone in this conversation" },
];

/**
 * People (and @here/@room) matching the query: user names starting with it first, then display names with a word
 * starting with it, then anything containing it; at most `limit`.
 */
export function matchMentions(candidates: readonly MentionCandidate[], query: string, opts: { meId?: Guid; wildcards?: boolean; limit?: number } = {}): MentionOption[] {
  const q = query.toLowerCase();
  const limit = opts.limit ?? 8;
  const scored: { option: MentionOption; score: number }[] = [];
  for (const c of candidates) {
    if (c.id === opts.meId) continue;
    const user = c.userName.toLowerCase();
    const display = c.displayName.toLowerCase();
    const score = user.startsWith(q) ? 0
      : display.startsWith(q) || display.split(/\s+/).some((w) => w.startsWith(q)) ? 1
      : user.includes(q) || display.includes(q) ? 2 : -1;
    if (score >= 0) scored.push({ option: { key: c.id, insert: c.userName, label: c.displayName, detail: `@${c.userName}` }, score });
  }
  scored.sort((a, b) => a.score - b.score || a.option.insert.localeCompare(b.option.insert));
  const people = scored.map((s) => s.option);
  const specials = opts.wildcards === false ? [] : SPECIAL.filter((s) => s.insert.startsWith(q));
  return [...people, ...specials].slice(0, limit);
}

/** The text with "@query" at `start` replaced by "@name ", and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^[A-Za-z0-9._-]*/, "").replace(/^ /, "");
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}
