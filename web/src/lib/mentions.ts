import type { Guid, MessageDto } from "../api/types";

/** @here reaches members online when it was sent; @room (and its aliases) every member. */
export const WILDCARDS: Record<string, "here" | "room"> = { here: "here", room: "room", everyone: "room", channel: "room" };

/** Characters of a user name (the server's AccountRules.UserNameCharacters) and its longest length. */
const NAME_CHAR = /[A-Za-z0-9._-]/;
const MAX_NAME = 32;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const ASCII_PUNCTUATION = /[!-\/:-@[-`{-~]/;

/** One "@name" as read at an "@". */
export interface MentionAt {
  /** The name without a trailing '.', '-' or '_' (what renders as the mention). */
  name: string;
  /** Lower-cased candidates the server looks up: the name as typed, and without the trailing '.', '-' or '_'. */
  candidates: string[];
  /** "here" / "room" when it is a wildcard. */
  wildcard: "here" | "room" | null;
  /** Index just past the name (trailing punctuation excluded). */
  end: number;
}

/**
 * The mention at `at` (where `text[at]` is "@"), by the server's rule (MentionParser.cs): "@" not after a letter,
 * digit, '_', '.', '-', '@' or '/'; a name starting with a letter or digit over user-name characters, not running on
 * into another letter ("@josé" is no one).
 */
export function mentionAt(text: string, at: number): MentionAt | null {
  if (text[at] !== "@") return null;
  const before = [...text.slice(Math.max(0, at - 2), at)].at(-1);
  if (before !== undefined && (/[_.\-@/]/.test(before) || LETTER_OR_DIGIT.test(before))) return null;
  let end = at + 1;
  while (end < text.length && NAME_CHAR.test(text[end]!)) end++;
  if (end === at + 1 || !/[A-Za-z0-9]/.test(text[at + 1]!)) return null;
  const next = text.codePointAt(end);
  if (next !== undefined && LETTER_OR_DIGIT.test(String.fromCodePoint(next))) return null;
  const typed = text.slice(at + 1, end);
  const name = typed.replace(/[._-]+$/, "");
  const run = typed.toLowerCase();
  const trimmed = name.toLowerCase();
  const wildcard = Object.hasOwn(WILDCARDS, trimmed) ? WILDCARDS[trimmed]! : null;
  const candidates = wildcard ? [] : [run, trimmed].filter((n, i, all) => n.length <= MAX_NAME && all.indexOf(n) === i);
  if (!wildcard && candidates.length === 0) return null;
  return { name, candidates, wildcard, end: at + 1 + name.length };
}

/** The lines of a text that are prose: not in ``` or ~~~ fences, nor indented code (which cannot interrupt a paragraph). */
function proseLines(text: string): string[] {
  const prose: string[] = [];
  let fence: string | null = null;
  let codeMayStart = true;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const marker = fenceOf(line);
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim().length === marker.length) fence = null;
      codeMayStart = true;
      continue;
    }
    if (marker) { fence = marker; codeMayStart = true; continue; }
    if (line.trim() === "") { codeMayStart = true; continue; }
    if (codeMayStart && (line.startsWith("    ") || line.startsWith("\t"))) continue;
    codeMayStart = /^ {0,3}#{1,6}([ \t]|$)/.test(line);
    prose.push(line);
  }
  return prose;
}

/** The fence marker (``` or ~~~, or longer) a line opens or closes with, indented at most 3 spaces. */
function fenceOf(line: string): string | null {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m || (m[1]![0] === "`" && m[2]!.includes("`"))) return null;
  return m[1]!;
}

/** Where the code span opening at `at` ends (after its closing run), or just past the backticks when none closes it. */
function codeSpanEnd(line: string, at: number): number {
  const run = (i: number) => { let e = i; while (line[e] === "`") e++; return e - i; };
  const open = run(at);
  for (let j = at + open; j < line.length; j++) {
    if (line[j] !== "`") continue;
    const close = run(j);
    if (close === open) return j + close;
    j += close - 1;
  }
  return at + open;
}

/** Every mention in a text, outside code (fences, indented code, `code spans`) and escapes ("\\@bob"). */
export function findMentions(text: string): MentionAt[] {
  if (!text.includes("@")) return [];
  const found: MentionAt[] = [];
  for (const line of proseLines(text)) {
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === "\\" && i + 1 < line.length && ASCII_PUNCTUATION.test(line[i + 1]!)) { i++; continue; }
      if (c === "`") { i = codeSpanEnd(line, i) - 1; continue; }
      if (c !== "@") continue;
      const m = mentionAt(line, i);
      if (!m) continue;
      found.push(m);
      i = m.end - 1;
    }
  }
  return found;
}

/** The names (lower case, as the server looks them up) and the wildcard a text mentions. */
export function parseMentions(text: string): { names: string[]; wildcard: "here" | "room" | null } {
  const names: string[] = [];
  let wildcard: "here" | "room" | null = null;
  for (const m of findMentions(text)) {
    if (m.wildcard) wildcard = wildcard === "room" ? "room" : m.wildcard;
    for (const n of m.candidates) if (!names.includes(n) && names.length < MAX_NAMES * 2) names.push(n);
  }
  return { names, wildcard };
}

/** The server's MentionParser.MaxNames. */
const MAX_NAMES = 50;

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
