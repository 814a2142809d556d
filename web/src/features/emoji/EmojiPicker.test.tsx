// @vitest-environment jsdom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildEmojiIndex } from "../../lib/emoji";
import { fakeSession, fakeStore, press, render, typeInto, WithStore } from "../../lib/testDom";
import { EmojiPicker, searchCustomEmoji } from "./EmojiPicker";

const emoji = buildEmojiIndex([{ emoji: "🚢", annotation: "ship", shortcodes: ["ship"], group: 5 }]);
const custom = (name: string) => ({ name, url: `/api/emoji/${name}?v=1`, createdBy: "u1", createdAt: "2026-12-01T10:00:00Z" });

describe("EmojiPicker's custom emoji", () => {
  afterEach(() => {
    document.body.innerHTML = "";
    localStorage.clear();
  });

  it("lists the server's emoji in a Custom tab that appears with the first one, and picks :name:", () => {
    const { store } = fakeStore({ emoji });
    const session = fakeSession(store);
    const onPick = vi.fn();
    render(<WithStore store={store} session={session}><EmojiPicker onPick={onPick} onClose={() => undefined} /></WithStore>);
    expect(document.querySelector("[role='tab'][aria-label='Custom']")).toBeNull();

    act(() => session.customEmoji.apply({ added: custom("shipit"), removedName: null }));
    act(() => document.querySelector<HTMLElement>("[role='tab'][aria-label='Custom']")!.click());
    const option = document.querySelector<HTMLElement>("[role='option'][aria-label=':shipit:']")!;
    expect(option.querySelector("img")!.getAttribute("src")).toBe("/api/emoji/shipit?v=1");
    act(() => option.click());
    expect(onPick).toHaveBeenCalledWith(":shipit:");
  });

  it("finds them by name in a search, before the standard ones, and Enter takes the first", () => {
    const { store } = fakeStore({ emoji });
    const session = fakeSession(store);
    session.customEmoji.apply({ added: custom("shipit"), removedName: null });
    session.customEmoji.apply({ added: custom("friendship"), removedName: null });
    const onPick = vi.fn();
    render(<WithStore store={store} session={session}><EmojiPicker onPick={onPick} onClose={() => undefined} /></WithStore>);
    const search = document.querySelector<HTMLInputElement>("input[type='search']")!;
    typeInto(search, "ship");
    const names = Array.from(document.querySelectorAll("[role='listbox'] [role='option']"), (o) => o.getAttribute("aria-label"));
    expect(names).toEqual([":shipit:", ":friendship:", "ship"]);
    press(search, "Enter");
    expect(onPick).toHaveBeenCalledWith(":shipit:");
    expect(searchCustomEmoji([custom("a_b")], ":a_")).toEqual([custom("a_b")]);
  });
});
