// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildEmojiIndex } from "../../lib/emoji";
import { fakeStore, press, render, WithStore } from "../../lib/testDom";
import { EmojiPickerPopover } from "./EmojiPickerPopover";

const emoji = buildEmojiIndex([{ emoji: "😄", annotation: "smile", shortcodes: ["smile"], group: 0 }]);

describe("EmojiPickerPopover", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("keeps focus inside while open and closes on Esc, focus back on the button that opened it", () => {
    const opener = document.createElement("button");
    document.body.append(opener);
    opener.focus();
    const onClose = vi.fn();
    const { store } = fakeStore({ emoji });
    const view = render(
      <WithStore store={store}>
        <EmojiPickerPopover anchor={new DOMRect(0, 0, 10, 10)} onPick={() => undefined} onClose={onClose} />
      </WithStore>,
    );
    const picker = document.querySelector<HTMLElement>("[role='dialog'][aria-label='Emoji picker']")!;
    const search = picker.querySelector<HTMLElement>("input[type='search']")!;
    expect(document.activeElement).toBe(search);
    expect(view.container.hasAttribute("inert")).toBe(true);

    const buttons = picker.querySelectorAll<HTMLElement>("button");
    buttons[buttons.length - 1]!.focus();
    press(document.activeElement!, "Tab");
    expect(document.activeElement).toBe(search);
    press(search, "Tab", { shiftKey: true });
    expect(document.activeElement).toBe(buttons[buttons.length - 1]);

    press(document.activeElement!, "Escape");
    expect(onClose).toHaveBeenCalledOnce();
    view.unmount();
    expect(document.activeElement).toBe(opener);
  });
});
