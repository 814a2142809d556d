import { describe, expect, it } from "vitest";
import { buildEmojiIndex, emojiOnly, isBigEmoji, replaceShortcodes, replaceShortcodesInProse, searchEmoji, withSkinTone } from "./emoji";

const index = buildEmojiIndex([
  { emoji: "😄", annotation: "grinning face with smiling eyes", shortcodes: ["smile"], tags: ["happy"], group: 0 },
  { emoji: "👋", annotation: "waving hand", shortcodes: ["wave"], group: 1, skins: [{ emoji: "👋🏽", tone: 3 }] },
]);

describe("emoji", () => {
  it("replaces known shortcodes", () => {
    expect(replaceShortcodes("hi :smile: :nope: :+1:", index.byShortcode)).toBe("hi 😄 :nope: 👍");
  });

  it("leaves shortcodes in code as typed", () => {
    const map = index.byShortcode;
    expect(replaceShortcodesInProse("a :smile: `b :smile:` c :wave:", map)).toBe("a 😄 `b :smile:` c 👋");
    expect(replaceShortcodesInProse("``x `:smile:` y`` :smile:", map)).toBe("``x `:smile:` y`` 😄");
    expect(replaceShortcodesInProse("`` lone :smile: `code :wave:`", map)).toBe("`` lone 😄 `code :wave:`");
    expect(replaceShortcodesInProse(":smile:\n```css\n:smile: { }\n```\n:wave:", map)).toBe("😄\n```css\n:smile: { }\n```\n👋");
    expect(replaceShortcodesInProse("~~~~\n:smile:\n~~~\n:wave:", map)).toBe("~~~~\n:smile:\n~~~\n:wave:");
    expect(replaceShortcodesInProse("text\n\n    :smile: code\n\n    more :wave:\nafter :wave:", map))
      .toBe("text\n\n    :smile: code\n\n    more :wave:\nafter 👋");
    // Inside a paragraph an indented line is prose.
    expect(replaceShortcodesInProse("text\n    :smile:", map)).toBe("text\n    😄");
  });

  it("searches", () => {
    expect(searchEmoji(index, "wav").map((e) => e.emoji)).toEqual(["👋"]);
    expect(searchEmoji(index, "happy").map((e) => e.emoji)).toEqual(["😄"]);
  });

  it("applies skin tones", () => {
    expect(withSkinTone(index.entries[1]!, 3)).toBe("👋🏽");
    expect(withSkinTone(index.entries[0]!, 3)).toBe("😄");
  });

  it("leaves out emoji newer than the fonts", () => {
    expect(buildEmojiIndex([{ emoji: "🫩", annotation: "face with bags under eyes", group: 0, version: 16 }]).entries).toEqual([]);
  });

  it("drops redundant variation selectors", () => {
    expect(buildEmojiIndex([{ emoji: "👍\uFE0F", annotation: "thumbs up", group: 1 }]).entries[0]!.emoji).toBe("👍");
    expect(buildEmojiIndex([{ emoji: "❤\uFE0F", annotation: "red heart", group: 0 }]).entries[0]!.emoji).toBe("❤\uFE0F");
  });

  it("detects emoji-only text", () => {
    expect(emojiOnly("😄 👍🏽")).toEqual(["😄", "👍🏽"]);
    expect(isBigEmoji("👨‍👩‍👧")).toBe(true);
    expect(isBigEmoji("🇫🇷❤️")).toBe(true);
    expect(isBigEmoji("😄😄😄😄")).toBe(false);
    expect(isBigEmoji("hi 😄")).toBe(false);
    expect(isBigEmoji("123")).toBe(false);
    expect(isBigEmoji("")).toBe(false);
    const custom = new Map([["party", "/api/emoji/party?v=1"]]);
    expect(isBigEmoji(":party:", custom)).toBe(true);
    expect(isBigEmoji(":party: 😄 :party:", custom)).toBe(true);
    expect(isBigEmoji(":party::party::party::party:", custom)).toBe(false);
    expect(isBigEmoji(":party: hi", custom)).toBe(false);
    expect(isBigEmoji(":nope:", custom)).toBe(false);
    expect(isBigEmoji(":party:")).toBe(false);
  });
});
