import { describe, expect, it } from "vitest";
import type { ChatStore } from "../chat/chatStore";
import { CustomEmojiStore } from "./customEmojiStore";

const emoji = (name: string, v = "1") => ({ name, url: `/api/emoji/${name}?v=${v}`, createdBy: "u1", createdAt: "2026-12-01T10:00:00Z" });

describe("CustomEmojiStore", () => {
  it("follows CustomEmojiChanged: added by name in order, a repeat or a new picture replaces, removed ones are gone", () => {
    const store = new CustomEmojiStore({} as ChatStore);
    store.apply({ added: emoji("shipit"), removedName: null });
    store.apply({ added: emoji("party"), removedName: null });
    store.apply({ added: emoji("party"), removedName: null });
    expect(store.getState().list.map((e) => e.name)).toEqual(["party", "shipit"]);
    store.apply({ added: emoji("party", "2"), removedName: null });
    expect(store.getState().urls.get("party")).toBe("/api/emoji/party?v=2");

    store.apply({ added: null, removedName: "shipit" });
    store.apply({ added: null, removedName: "unknown" });
    expect([...store.getState().urls.keys()]).toEqual(["party"]);
  });
});
