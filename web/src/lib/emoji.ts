/** Emoji data (from emoji-picker-element-data, served by the app itself), shortcodes and emoji-only detection. */

export interface EmojiSkin {
  emoji: string;
  tone: number | number[];
}

export interface EmojiEntry {
  emoji: string;
  annotation: string;
  shortcodes?: string[];
  tags?: string[];
  group?: number;
  order?: number;
  version?: number;
  skins?: EmojiSkin[];
}

export interface EmojiIndex {
  entries: EmojiEntry[];
  byShortcode: Map<string, string>;
}

/** Drops a variation selector-16 that adds nothing (after a character that is shown as emoji anyway): "👍\uFE0F" → "👍". */
export function normalizeEmoji(emoji: string): string {
  return emoji.replace(/(\p{Emoji_Presentation})\uFE0F/gu, "$1");
}

/** Emoji 15.1 (2023) and older: what current system emoji fonts draw. */
export const MAX_EMOJI_VERSION = 15.1;

export function buildEmojiIndex(entries: EmojiEntry[]): EmojiIndex {
  const byShortcode = new Map<string, string>();
  const usable = entries
    // Group 2 holds skin-tone components; the newest emoji are missing from most system fonts (they'd show as boxes).
    .filter((e) => e.group !== undefined && e.group !== 2 && (e.version ?? 0) <= MAX_EMOJI_VERSION)
    .map((e) => ({ ...e, emoji: normalizeEmoji(e.emoji), skins: e.skins?.map((k) => ({ ...k, emoji: normalizeEmoji(k.emoji) })) }));
  for (const e of usable) for (const s of e.shortcodes ?? []) if (!byShortcode.has(s)) byShortcode.set(s, e.emoji);
  // A few familiar aliases from Slack/GitHub.
  const aliases: Record<string, string> = { "+1": "👍", "-1": "👎", thumbsup: "👍", thumbsdown: "👎", tada: "🎉", heart: "❤️", joy: "😂" };
  for (const [k, v] of Object.entries(aliases)) if (!byShortcode.has(k)) byShortcode.set(k, v);
  return { entries: usable, byShortcode };
}

const SHORTCODE = /:([a-z0-9_+-]{1,64}):/gi;

/** Replaces known `:shortcodes:` with their emoji; unknown ones stay as typed. */
export function replaceShortcodes(text: string, byShortcode: ReadonlyMap<string, string>): string {
  if (byShortcode.size === 0 || text.indexOf(":") < 0) return text;
  return text.replace(SHORTCODE, (all, name: string) => byShortcode.get(name.toLowerCase()) ?? all);
}

/**
 * Replaces known `:shortcodes:` only where Markdown renders prose: never inside `inline code`, fenced blocks
 * (``` or ~~~) or indented code blocks, where the text is meant literally (e.g. a `:root:` CSS selector).
 */
export function replaceShortcodesInProse(text: string, byShortcode: ReadonlyMap<string, string>): string {
  if (byShortcode.size === 0 || text.indexOf(":") < 0) return text;
  const out: string[] = [];
  let prose: string[] = [];
  const endProse = () => {
    if (prose.length) out.push(replaceOutsideCodeSpans(prose.join("\n"), byShortcode));
    prose = [];
  };
  let fence: RegExp | null = null;
  let previousBlank = true;
  let inIndented = false;
  for (const line of text.split("\n")) {
    const blank = line.trim() === "";
    if (fence) {
      out.push(line);
      if (fence.test(line)) fence = null;
    } else if (/^ {0,3}(`{3,}|~{3,})/.test(line)) {
      endProse();
      out.push(line);
      const run = /^ {0,3}(`{3,}|~{3,})/.exec(line)![1]!;
      fence = new RegExp(`^ {0,3}${run[0]}{${run.length},}\\s*$`);
    } else if (!blank && /^( {4}|\t)/.test(line) && (previousBlank || inIndented)) {
      // Indented code starts after a blank line (inside a paragraph an indented line just continues it).
      endProse();
      out.push(line);
      inIndented = true;
    } else {
      if (!blank) inIndented = false;
      prose.push(line);
    }
    previousBlank = blank;
  }
  endProse();
  return out.join("\n");
}

/** Shortcodes replaced except inside code spans: a run of n backticks up to the next run of exactly n. */
function replaceOutsideCodeSpans(text: string, byShortcode: ReadonlyMap<string, string>): string {
  const runs = /`+/g;
  let out = "";
  let from = 0;
  for (let open = runs.exec(text); open; open = runs.exec(text)) {
    let close = runs.exec(text);
    while (close && close[0].length !== open[0].length) close = runs.exec(text);
    if (!close) {
      // An unmatched run is literal backticks; a later run may still open a span.
      runs.lastIndex = open.index + open[0].length;
      continue;
    }
    const end = close.index + close[0].length;
    out += replaceShortcodes(text.slice(from, open.index), byShortcode) + text.slice(open.index, end);
    from = end;
  }
  return out + replaceShortcodes(text.slice(from), byShortcode);
}

/** Search by shortcode, annotation or tag; shortcode prefix matches first. */
export function searchEmoji(index: EmojiIndex, query: string, limit = 120): EmojiEntry[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, "");
  if (!q) return [];
  const prefix: EmojiEntry[] = [];
  const rest: EmojiEntry[] = [];
  for (const e of index.entries) {
    if (e.shortcodes?.some((s) => s.startsWith(q))) prefix.push(e);
    else if (e.annotation.includes(q) || e.tags?.some((t) => t.startsWith(q))) rest.push(e);
    if (prefix.length >= limit) break;
  }
  return [...prefix, ...rest].slice(0, limit);
}

/** The emoji with the user's skin tone (1–5) when it has one. */
export function withSkinTone(e: EmojiEntry, tone: number): string {
  if (tone <= 0 || !e.skins) return e.emoji;
  return e.skins.find((s) => s.tone === tone)?.emoji ?? e.emoji;
}

const EMOJI_CLUSTER = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)(?:[\uFE0E\uFE0F]|\p{Emoji_Modifier}|\u20E3|\p{Regional_Indicator}|\u200D(?:\p{Extended_Pictographic}|\p{Emoji_Modifier})[\uFE0F]?|[\u{E0020}-\u{E007F}])*$/u;

/** Emoji graphemes when `text` is nothing but emoji (whitespace ignored), else null. */
export function emojiOnly(text: string): string[] | null {
  const compact = text.replace(/\s+/gu, "");
  if (!compact) return null;
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const clusters = Array.from(segmenter.segment(compact), (s) => s.segment);
  return clusters.every((c) => EMOJI_CLUSTER.test(c)) ? clusters : null;
}

/** Messages of one to three emoji are shown big, as in Slack; the server's custom emoji (`:name:` in `custom`) count as emoji. */
export function isBigEmoji(text: string, custom: ReadonlyMap<string, unknown> = new Map()): boolean {
  let customCount = 0;
  const rest = custom.size === 0 ? text : text.replace(SHORTCODE, (all, name: string) => (custom.has(name) ? (customCount++, " ") : all));
  const e = rest.trim() === "" ? [] : emojiOnly(rest);
  return e !== null && e.length + customCount >= 1 && e.length + customCount <= 3;
}

export const EMOJI_GROUPS: { id: number; label: string; icon: string }[] = [
  { id: 0, label: "Smileys & emotion", icon: "😀" },
  { id: 1, label: "People & body", icon: "👋" },
  { id: 3, label: "Animals & nature", icon: "🐱" },
  { id: 4, label: "Food & drink", icon: "🍎" },
  { id: 5, label: "Travel & places", icon: "🏠" },
  { id: 6, label: "Activities", icon: "⚽" },
  { id: 7, label: "Objects", icon: "💡" },
  { id: 8, label: "Symbols", icon: "❤️" },
  { id: 9, label: "Flags", icon: "🏁" },
];
