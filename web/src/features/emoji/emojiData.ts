import { buildEmojiIndex, type EmojiEntry, type EmojiIndex } from "../../lib/emoji";

let loading: Promise<EmojiIndex> | null = null;

/** The emoji data ships with the app (a separate chunk, same origin); never fetched from a CDN. */
export function loadEmojiIndex(): Promise<EmojiIndex> {
  loading ??= import("emoji-picker-element-data/en/emojibase/data.json").then((m) => buildEmojiIndex(m.default as EmojiEntry[]));
  return loading;
}

const RECENT_KEY = "parley.emoji.recent";
const TONE_KEY = "parley.emoji.tone";

export function recentEmoji(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(v) ? v.filter((x) => typeof x === "string").slice(0, 24) : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(emoji: string): void {
  const list = [emoji, ...recentEmoji().filter((e) => e !== emoji)].slice(0, 24);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}

export function skinTone(): number {
  const n = Number(localStorage.getItem(TONE_KEY) ?? "0");
  return n >= 0 && n <= 5 ? n : 0;
}

export function setSkinTone(tone: number): void {
  localStorage.setItem(TONE_KEY, String(tone));
}
