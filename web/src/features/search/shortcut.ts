/**
 * The keys that open search: Ctrl/Cmd+Shift+F anywhere, and "/" when it would not be typed or pick an item
 * (Ctrl+K stays the quick switcher). "/" does nothing while a dialog is open.
 */
export function opensSearch(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey" | "target">): boolean {
  if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === "f") return true;
  return e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && !document.querySelector("[role='dialog']");
}

/** Focus is where "/" is text: a field, an editable region, or a widget where keys pick items. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable
    || target.closest("input, textarea, select, [contenteditable='true'], [role='combobox'], [role='listbox'], [role='menu']") !== null;
}
