// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { fakeStore, press, render, typeInto, WithStore } from "../../lib/testDom";
import { Composer } from "./Composer";

const me = { id: "me", userName: "me", displayName: "Me", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-11-22T00:00:00Z" };
const member = (userId: string, userName: string, displayName: string) => ({ userId, userName, displayName, role: "member" as const, joinedAt: "", avatarUrl: null });
const details = { r1: { room: {} as never, joined: true, members: [member("me", "me", "Me"), member("b", "bob", "Bob Marley"), member("c", "bobby", "Bobby Tables"), member("d", "carol", "Carol")] } };

function setup() {
  const onSend = vi.fn();
  const { store } = fakeStore({ me, users: {}, emoji: null, details, summaries: {} });
  const view = render(
    <WithStore store={store}>
      <Composer roomId="r1" placeholder="Message" replyTo={null} disabled={false}
        onCancelReply={() => undefined} onSent={() => undefined} onEditLast={() => undefined} onSend={onSend} />
    </WithStore>,
  );
  const box = view.container.querySelector("textarea")!;
  const options = () => Array.from(view.container.querySelectorAll("[role='option']")).map((o) => o.textContent);
  return { view, box, onSend, options };
}

describe("mention autocomplete in the composer", () => {
  it("lists matching members as a listbox tied to the textarea, arrows move, Enter picks without sending", () => {
    const { view, box, onSend, options } = setup();
    typeInto(box, "hi @bo");
    expect(box.getAttribute("aria-autocomplete")).toBe("list");
    expect(options()).toEqual(["Bob Marley @bob", "Bobby Tables @bobby"]);
    const listbox = view.container.querySelector("[role='listbox']")!;
    expect(box.getAttribute("aria-controls")).toBe(listbox.id);
    press(box, "ArrowDown");
    const selected = view.container.querySelector("[aria-selected='true']")!;
    expect(selected.textContent).toBe("Bobby Tables @bobby");
    expect(box.getAttribute("aria-activedescendant")).toBe(selected.id);
    press(box, "Enter");
    expect(box.value).toBe("hi @bobby ");
    expect(onSend).not.toHaveBeenCalled();
    expect(view.container.querySelector("[role='listbox']")).toBeNull();
    view.unmount();
  });

  it("offers @here and @room, Tab picks too, and Esc closes the list so Enter sends", () => {
    const { view, box, onSend, options } = setup();
    typeInto(box, "@ro");
    expect(options()).toEqual(["Carol @carol", "@room Notify everyone in this conversation"]);
    press(box, "ArrowUp");
    press(box, "Tab");
    expect(box.value).toBe("@room ");
    typeInto(box, "@room and @b");
    press(box, "Escape");
    expect(box.getAttribute("aria-controls")).toBeNull();
    expect(view.container.querySelector("[role='listbox']")).toBeNull();
    press(box, "Enter");
    expect(onSend).toHaveBeenCalledWith("@room and @b");
    view.unmount();
  });
});
