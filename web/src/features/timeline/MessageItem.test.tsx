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
});
