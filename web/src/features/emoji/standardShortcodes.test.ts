import { describe, expect, it } from "vitest";
import data from "emoji-picker-element-data/en/emojibase/data.json";
import serverList from "./standard-shortcodes.txt?raw";
import { buildEmojiIndex, type EmojiEntry } from "../../lib/emoji";

describe("the server's list of standard shortcodes (custom emoji may not take these names)", () => {
  it("is exactly every shortcode and alias the client draws as a standard emoji", () => {
    const server = new Set(serverList.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));
    const entries = data as EmojiEntry[];
    const client = new Set([...entries.flatMap((e) => e.shortcodes ?? []), ...buildEmojiIndex(entries).byShortcode.keys()]);
    expect([...client].filter((s) => !server.has(s))).toEqual([]);
    expect([...server].filter((s) => !client.has(s))).toEqual([]);
  });
});
