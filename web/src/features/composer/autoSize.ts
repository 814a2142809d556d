/** Grows a textarea with its content up to a maximum height (CSSOM, allowed by the CSP). */
export function autoSize(el: HTMLTextAreaElement, max = 240): void {
  el.style.height = "auto";
  el.style.height = `${Math.min(max, el.scrollHeight)}px`;
}
