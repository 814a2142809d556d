// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { insertMention, matchMentions, mentionQuery, mentionsMe, parseMentions } from "./mentions";
import { renderMarkdown } from "./markdown";
import table from "../../../tests/shared/mentions.json";

const me = { id: "me", userName: "alice" };

describe("parsing mentions", () => {
  // The server's MentionParserTests run the same table.
  it.each(table.cases)("$text", ({ text, mentions, wildcard }) => {
    expect(parseMentions(text)).toEqual({ names: mentions, wildcard });
  });

  it.each(table.cases)("renders as mentions what it parses: $text", ({ text, mentions, wildcard }) => {
    const doc = new DOMParser().parseFromString(String(renderMarkdown(text)), "text/html");
    const shown = [...doc.querySelectorAll("span.mention")].map((s) => s.textContent!.slice(1).toLowerCase());
    const expected = [...new Set(mentions.map((n) => n.replace(/[._-]+$/, "")))];
    expect(shown.filter((n) => !["here", "room", "everyone", "channel"].includes(n)).filter((n, i, all) => all.indexOf(n) === i)).toEqual(expected);
    expect(shown.some((n) => ["here", "room", "everyone", "channel"].includes(n))).toBe(wildcard !== null);
  });

  it("me: from the server's fields when present, else from the text; never my own message", () => {
    expect(mentionsMe({ senderId: "b", text: "hi", mentions: ["me"], wildcard: null }, me)).toBe(true);
    expect(mentionsMe({ senderId: "b", text: "@alice", mentions: [], wildcard: null }, me)).toBe(false);
    expect(mentionsMe({ senderId: "b", text: "", mentions: [], wildcard: "here" }, me)).toBe(true);
    expect(mentionsMe({ senderId: "b", text: "hey @ALICE" }, me)).toBe(true);
    expect(mentionsMe({ senderId: "b", text: "hey @alicex" }, me)).toBe(false);
    expect(mentionsMe({ senderId: "me", text: "@alice", mentions: ["me"], wildcard: null }, me)).toBe(false);
  });
});

describe("mention autocomplete", () => {
  it("sees the @partial just before the caret", () => {
    expect(mentionQuery("hello @bo", 9)).toEqual({ start: 6, query: "bo" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("mail bob@ex", 11)).toBeNull();
    expect(mentionQuery("hello @bo there", 15)).toBeNull();
    expect(mentionQuery("`code @bo", 9)).toBeNull();
  });

  const people = [
    { id: "1", userName: "bob", displayName: "Bob Marley" },
    { id: "2", userName: "rob", displayName: "Bobby Tables" },
    { id: "3", userName: "carol", displayName: "Carol Abbott" },
    { id: "me", userName: "alice", displayName: "Alice" },
  ];

  it("ranks user-name prefixes, then display-name words, then the rest; leaves me out", () => {
    expect(matchMentions(people, "bo", { meId: "me" }).map((o) => o.insert)).toEqual(["bob", "rob", "carol"]);
    expect(matchMentions(people, "al", { meId: "me" })).toEqual([]);
  });

  it("offers @here and @room when they match, unless wildcards are off", () => {
    expect(matchMentions(people, "h", { meId: "me" }).map((o) => o.label)).toEqual(["@here"]);
    expect(matchMentions(people, "", { meId: "me" }).map((o) => o.label)).toEqual(["Bob Marley", "Carol Abbott", "Bobby Tables", "@here", "@room"]);
    expect(matchMentions(people, "r", { meId: "me", wildcards: false }).map((o) => o.insert)).toEqual(["rob", "bob", "carol"]);
  });

  it("inserts the name with a space and puts the caret after it", () => {
    expect(insertMention("hi @bo", 3, 6, "bob")).toEqual({ text: "hi @bob ", caret: 8 });
    expect(insertMention("hi @bo, there", 3, 6, "bob")).toEqual({ text: "hi @bob , there", caret: 8 });
  });
});
