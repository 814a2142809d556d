// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { useState } from "react";
import { act } from "react";
import { press, render } from "../lib/testDom";
import { ConfirmDialog } from "./ConfirmDialog";

/** A page with a button that opens a confirmation, and something else to be made inert. */
function Page({ onConfirm, nested = false }: { onConfirm: () => void; nested?: boolean }) {
  const [open, setOpen] = useState(false);
  const [inner, setInner] = useState(false);
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>Delete</button>
      <a href="/elsewhere">elsewhere</a>
      {open && (
        <ConfirmDialog label="Delete message" text="Sure?" confirm="Delete" onConfirm={onConfirm} onClose={() => setOpen(false)} />
      )}
      {nested && <button type="button" onClick={() => setInner(true)}>Open inner</button>}
      {inner && <ConfirmDialog label="Inner" text="Really?" confirm="Yes" onConfirm={() => undefined} onClose={() => setInner(false)} />}
    </main>
  );
}

const dialog = (name: string) => document.querySelector<HTMLElement>(`[role='dialog'][aria-label='${name}']`);
const button = (root: ParentNode, name: string) => Array.from(root.querySelectorAll("button")).find((b) => b.textContent === name)!;
const click = (el: HTMLElement) => act(() => el.click());

describe("Dialog", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("is modal: the page behind is inert, Tab stays inside, Esc closes, focus returns to the opener", () => {
    const view = render(<Page onConfirm={() => undefined} />);
    const opener = button(view.container, "Delete");
    opener.focus();
    click(opener);
    const d = dialog("Delete message")!;
    expect(d).not.toBeNull();
    expect(view.container.hasAttribute("inert")).toBe(true);
    expect(d.closest("[inert]")).toBeNull();
    expect(document.activeElement).toBe(button(d, "Delete"));

    // Tab from the last button wraps to the first (Close), Shift+Tab back.
    press(document.activeElement!, "Tab");
    expect(document.activeElement).toBe(d.querySelector("[aria-label='Close']"));
    press(document.activeElement!, "Tab", { shiftKey: true });
    expect(document.activeElement).toBe(button(d, "Delete"));

    press(document.activeElement!, "Escape");
    expect(dialog("Delete message")).toBeNull();
    expect(view.container.hasAttribute("inert")).toBe(false);
    expect(document.activeElement).toBe(opener);
    view.unmount();
  });

  it("confirms, and Esc closes only the innermost of two", () => {
    const onConfirm = vi.fn();
    const view = render(<Page onConfirm={onConfirm} nested />);
    click(button(view.container, "Delete"));
    click(button(dialog("Delete message")!, "Delete"));
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(dialog("Delete message")).toBeNull();

    click(button(view.container, "Delete"));
    // The inner one opens over the outer one (as a confirmation inside a dialog would).
    act(() => button(view.container, "Open inner").click());
    expect(dialog("Delete message")!.closest("[inert]")).not.toBeNull();
    press(document.activeElement!, "Escape");
    expect(dialog("Inner")).toBeNull();
    expect(dialog("Delete message")).not.toBeNull();
    expect(dialog("Delete message")!.closest("[inert]")).toBeNull();
    view.unmount();
  });
});
