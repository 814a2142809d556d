import { useEffect, useRef, useState, type RefObject } from "react";

/**
 * What makes a dialog or popover modal. While it is open everything else on the page is inert (no clicks, no
 * focus, hidden from screen readers), Tab and Shift+Tab cycle inside it, and Esc closes it. Afterwards focus goes
 * back to where it was, or, if that element is gone (the message just deleted), to `returnFocus()` or the composer.
 * The element must be rendered into a direct child of <body> (a portal), so its siblings can be made inert.
 */
export function useModal(ref: RefObject<HTMLElement | null>, onClose: () => void, returnFocus?: () => HTMLElement | null): void {
  // Taken while rendering: by the time effects run, an autoFocus inside may already have moved focus.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  const latest = useRef({ onClose, returnFocus });
  latest.current = { onClose, returnFocus };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const layer = topLevel(el);
    const madeInert: Element[] = [];
    for (const other of Array.from(document.body.children)) {
      if (other === layer || other.hasAttribute("inert")) continue;
      other.setAttribute("inert", "");
      madeInert.push(other);
    }
    const entry = { el, close: () => latest.current.onClose() };
    stack.push(entry);
    if (stack.length === 1) document.addEventListener("keydown", onDocumentKeyDown, true);
    // First stop: what asked for autoFocus, else the first field or button (the close button is a poor first stop).
    if (!el.contains(document.activeElement)) (focusables(el).find((x) => !x.classList.contains("dialog-close")) ?? el).focus();

    return () => {
      stack.splice(stack.indexOf(entry), 1);
      if (stack.length === 0) document.removeEventListener("keydown", onDocumentKeyDown, true);
      for (const other of madeInert) other.removeAttribute("inert");
      const back = latest.current.returnFocus?.() ?? (usable(opener) ? opener : fallbackFocus());
      back?.focus({ preventScroll: true });
    };
  }, [ref, opener]);
}

/** Open modals, innermost last: keys go to the innermost. */
const stack: { el: HTMLElement; close: () => void }[] = [];

function onDocumentKeyDown(e: KeyboardEvent): void {
  const top = stack[stack.length - 1];
  if (!top) return;
  if (e.key === "Escape") {
    e.preventDefault();
    e.stopPropagation();
    top.close();
  } else if (e.key === "Tab") {
    const items = focusables(top.el);
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (!first || !last) {
      e.preventDefault();
      top.el.focus();
    } else if (!top.el.contains(active)) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    } else if (e.shiftKey && (active === first || active === top.el)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  }
}

const FOCUSABLE = "button, input, textarea, select, a[href], [tabindex]:not([tabindex='-1'])";

function focusables(el: HTMLElement): HTMLElement[] {
  return Array.from(el.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((x) => !x.hasAttribute("disabled") && !x.closest("[hidden], [inert]"));
}

function topLevel(el: HTMLElement): Element {
  let node: Element = el;
  while (node.parentElement && node.parentElement !== document.body) node = node.parentElement;
  return node;
}

function usable(el: HTMLElement | null): el is HTMLElement {
  return !!el && el !== document.body && el.isConnected && !el.closest("[inert]");
}

/** Where focus goes when the element that opened the modal is gone: the message box, else the page's main area. */
function fallbackFocus(): HTMLElement | null {
  return document.querySelector<HTMLElement>("textarea[aria-label='Message']:not([disabled])") ?? document.querySelector<HTMLElement>("main");
}
