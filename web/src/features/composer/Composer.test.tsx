// @vitest-environment jsdom
import { act } from "react";
import { describe, expect, it, vi } from "vitest";
import { buildEmojiIndex } from "../../lib/emoji";
import { fakeStore, press, render, typeInto, WithStore } from "../../lib/testDom";
import { Composer } from "./Composer";

const me = { id: "me", userName: "me", displayName: "Me", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-11-22T00:00:00Z" };
const emoji = buildEmojiIndex([{ emoji: "😄", annotation: "smile", shortcodes: ["smile"], group: 0 }]);

describe("Composer", () => {
  it("turns :shortcodes: into emoji, but not inside code", () => {
    const onSend = vi.fn();
    const { store } = fakeStore({ me, users: {}, emoji });
    const view = render(
      <WithStore store={store}>
        <Composer roomId="r1" placeholder="Message" replyTo={null} disabled={false}
          onCancelReply={() => undefined} onSent={() => undefined} onEditLast={() => undefined} onSend={onSend} />
      </WithStore>,
    );
    const box = view.container.querySelector("textarea")!;
    typeInto(box, "nice :smile: but `:smile:` stays\n```\n:smile:\n```");
    press(box, "Enter");
    expect(onSend).toHaveBeenCalledWith("nice 😄 but `:smile:` stays\n```\n:smile:\n```");
    view.unmount();
  });

  it("schedules the text for later from the menu beside Send (text only), and empties the box once taken", async () => {
    const onSend = vi.fn();
    const onSchedule = vi.fn(async (_text: string, _at: Date) => true);
    const { store } = fakeStore({ me, users: {}, emoji });
    const view = render(
      <WithStore store={store}>
        <Composer roomId="r1" placeholder="Message" replyTo={null} disabled={false}
          onCancelReply={() => undefined} onSent={() => undefined} onEditLast={() => undefined} onSend={onSend} onSchedule={onSchedule} />
      </WithStore>,
    );
    const menu = view.container.querySelector<HTMLButtonElement>("button[aria-label='Schedule message']")!;
    expect(menu.disabled).toBe(true); // nothing written yet
    const box = view.container.querySelector("textarea")!;
    typeInto(box, "see you :smile:");
    expect(menu.disabled).toBe(false);
    act(() => menu.click());
    const hour = Array.from(document.querySelectorAll<HTMLElement>("[role='menuitem']")).find((x) => x.textContent?.startsWith("In 1 hour"))!;
    const before = Date.now();
    await act(async () => hour.click());
    expect(onSchedule).toHaveBeenCalledTimes(1);
    const [text, at] = onSchedule.mock.calls[0]!;
    expect(text).toBe("see you 😄");
    expect(at.getTime() - before).toBeGreaterThan(59 * 60_000);
    expect(at.getTime() - before).toBeLessThanOrEqual(60 * 60_000);
    expect(box.value).toBe("");
    expect(onSend).not.toHaveBeenCalled();

    // A time of one's own: the dialog's form sits inside the composer's in React's tree; its submit schedules only.
    typeInto(box, "later");
    act(() => menu.click());
    act(() => Array.from(document.querySelectorAll<HTMLElement>("[role='menuitem']")).find((x) => x.textContent === "Custom time…")!.click());
    const dialog = document.querySelector<HTMLElement>("[role='dialog'][aria-label='Schedule message']")!;
    await act(async () => dialog.querySelector<HTMLButtonElement>("button[type='submit']")!.click());
    expect(onSchedule).toHaveBeenCalledTimes(2);
    expect(onSchedule.mock.calls[1]![0]).toBe("later");
    expect(onSend).not.toHaveBeenCalled();
    view.unmount();
  });
});
