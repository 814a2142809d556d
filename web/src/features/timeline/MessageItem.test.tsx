// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { fakeStore, render, WithStore } from "../../lib/testDom";
import { msg } from "../../lib/testData";
import { MessageItem } from "./MessageItem";

describe("MessageItem", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("leaves focus on the message after deleting it, not on a button that is gone", async () => {
    const deleteMessage = vi.fn(async () => undefined);
    const { store } = fakeStore({}, { deleteMessage });
    const props = {
      outgoing: null, continued: false, senderName: "Me", replySenderName: "", meId: "me", users: {}, editing: false,
      flash: false, emojiMap: null, onEdit: () => undefined, onReply: () => undefined, onShowProfile: () => undefined,
    };
    const mine = msg(4, 4, { senderId: "me" });
    const view = render(<WithStore store={store}><MessageItem {...props} message={mine} /></WithStore>);
    const deleteButton = view.container.querySelector<HTMLElement>("button[aria-label='Delete']")!;
    deleteButton.focus();
    act(() => deleteButton.click());
    const confirm = Array.from(document.querySelectorAll<HTMLElement>("[role='dialog'] button")).find((b) => b.textContent === "Delete")!;
    act(() => confirm.click());
    expect(deleteMessage).toHaveBeenCalledWith("m4");
    // The server's tombstone arrives: the actions (and the Delete button) go away.
    view.rerender(<WithStore store={store}><MessageItem {...props} message={{ ...mine, text: "", deletedAt: "2026-11-22T12:00:00Z", rev: 5 }} /></WithStore>);
    const article = view.container.querySelector("article")!;
    expect(article.textContent).toContain("This message was deleted.");
    expect(document.activeElement).toBe(article);
    view.unmount();
  });

  const base = {
    outgoing: null, continued: false, senderName: "Bob", replySenderName: "", meId: "me", users: {}, editing: false,
    flash: false, emojiMap: null, onEdit: () => undefined, onReply: () => undefined, onShowProfile: () => undefined,
  };
  const menuItems = () => Array.from(document.querySelectorAll("[role='menuitem']")).map((x) => x.textContent);

  it("offers a moderator Remove on someone else's message, and removes it after confirming", () => {
    const deleteMessage = vi.fn(async () => undefined);
    const { store } = fakeStore({}, { deleteMessage });
    const view = render(<WithStore store={store}><MessageItem {...base} canRemove message={msg(7, 7, { senderId: "bob" })} /></WithStore>);
    act(() => view.container.querySelector<HTMLElement>("button[aria-label='More actions']")!.click());
    expect(menuItems()).toEqual(["Save", "Report…", "Remove"]);
    act(() => Array.from(document.querySelectorAll<HTMLElement>("[role='menuitem']")).find((x) => x.textContent === "Remove")!.click());
    const confirm = Array.from(document.querySelectorAll<HTMLElement>("[role='dialog'] button")).find((b) => b.textContent === "Remove")!;
    act(() => confirm.click());
    expect(deleteMessage).toHaveBeenCalledWith("m7");
    view.unmount();
  });

  it("offers everyone else Save and Report…, and only Save on their own messages", () => {
    const { store } = fakeStore({});
    const view = render(<WithStore store={store}><MessageItem {...base} message={msg(7, 7, { senderId: "bob" })} /></WithStore>);
    act(() => view.container.querySelector<HTMLElement>("button[aria-label='More actions']")!.click());
    expect(menuItems()).toEqual(["Save", "Report…"]);
    view.unmount();
    const own = render(<WithStore store={store}><MessageItem {...base} canRemove message={msg(8, 8, { senderId: "me" })} /></WithStore>);
    act(() => own.container.querySelector<HTMLElement>("button[aria-label='More actions']")!.click());
    expect(menuItems()).toEqual(["Save"]);
    own.unmount();
  });

  it("offers Pin or Unpin to those who may pin, and shows who pinned it", () => {
    const setPinned = vi.fn(async () => undefined);
    const { store } = fakeStore({}, { setPinned });
    const pinned = { ...msg(7, 7, { senderId: "bob" }), pinned: { pinnedBy: "me", pinnedAt: "2026-11-22T12:00:00Z" } };
    const users = { me: { id: "me", userName: "me", displayName: "Mia" } } as unknown as typeof base.users;
    const view = render(<WithStore store={store}><MessageItem {...base} users={users} canPin message={pinned} /></WithStore>);
    expect(view.container.querySelector("[data-testid='pinned-mark']")!.textContent).toBe("Pinned by Mia");
    act(() => view.container.querySelector<HTMLElement>("button[aria-label='More actions']")!.click());
    expect(menuItems()).toEqual(["Unpin", "Save", "Report…"]);
    act(() => Array.from(document.querySelectorAll<HTMLElement>("[role='menuitem']")).find((x) => x.textContent === "Unpin")!.click());
    expect(setPinned).toHaveBeenCalledWith("m7", false);
    view.unmount();
  });

  it("says a moderator removed it", () => {
    const { store } = fakeStore({});
    const removed = { ...msg(9, 9, { senderId: "bob" }), text: "", deletedAt: "2026-11-22T12:00:00Z", removedByModerator: true };
    const view = render(<WithStore store={store}><MessageItem {...base} message={removed} /></WithStore>);
    expect(view.container.querySelector(".deleted")!.textContent).toBe("Removed by a moderator");
    view.unmount();
  });

  const card = { id: "p1", url: "https://example.com/otters", siteName: "Nature Daily", title: "Otters hold hands", description: "So they don't drift apart.", imageUrl: "/api/previews/p1/image" };

  it("shows a link preview card, with Remove preview for its sender only", () => {
    const removePreviews = vi.fn(async () => undefined);
    const { store } = fakeStore({}, { removePreviews });
    const view = render(<WithStore store={store}><MessageItem {...base} message={msg(9, 9, { senderId: "bob", previews: [card] })} /></WithStore>);
    const preview = view.container.querySelector(".link-preview")!;
    expect(preview.querySelector(".link-preview-site")!.textContent).toBe("Nature Daily");
    const title = preview.querySelector<HTMLAnchorElement>("a.link-preview-title")!;
    expect(title.textContent).toBe("Otters hold hands");
    expect(title.getAttribute("href")).toBe("https://example.com/otters");
    expect(title.rel).toBe("noopener noreferrer");
    expect(preview.querySelector("img")!.getAttribute("src")).toBe("/api/previews/p1/image");
    expect(view.container.querySelector("button.link-previews-remove")).toBeNull();

    view.rerender(<WithStore store={store}><MessageItem {...base} message={msg(9, 9, { senderId: "me", previews: [card] })} /></WithStore>);
    act(() => view.container.querySelector<HTMLElement>("button.link-previews-remove")!.click());
    expect(removePreviews).toHaveBeenCalledWith("m9");
    view.unmount();
  });

  it("puts a copy button on each code block that copies the code", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const { store } = fakeStore({});
    const view = render(<WithStore store={store}><MessageItem {...base} message={msg(3, 3, { text: "```js\nlet a = 1;\n```\n\n```\nplain\n```" })} /></WithStore>);
    const buttons = view.container.querySelectorAll<HTMLButtonElement>("pre > button.code-copy");
    expect(buttons.length).toBe(2);
    expect(buttons[0]!.getAttribute("aria-label")).toBe("Copy code");
    await act(async () => buttons[0]!.click());
    expect(writeText).toHaveBeenCalledTimes(1);
    expect(writeText.mock.calls[0]).toEqual([expect.stringMatching(/^let a = 1;\n?$/)]);
    expect(buttons[0]!.textContent).toBe("Copied");
    view.unmount();
  });
});
