import { useEffect, useRef } from "react";
import type { SafeHtml } from "../../lib/trustedTypes";

/**
 * A message's rendered (sanitized) Markdown, with a copy button on each code block. The buttons are made with DOM
 * calls after render, not written into the HTML: the sanitizer keeps allowing no buttons in message content.
 */
export function MarkdownBody({ html }: { html: SafeHtml }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    for (const pre of root.querySelectorAll("pre")) {
      if (pre.querySelector(":scope > .code-copy")) continue;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "code-copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      button.addEventListener("click", () => void copy(pre, button));
      pre.append(button);
    }
  }, [html]);
  return <div className="markdown" ref={ref} dangerouslySetInnerHTML={{ __html: html }} />;
}

async function copy(pre: HTMLPreElement, button: HTMLButtonElement): Promise<void> {
  const code = pre.querySelector("code")?.textContent ?? "";
  try {
    await navigator.clipboard.writeText(code);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Copy failed";
  }
  setTimeout(() => { button.textContent = "Copy"; }, 2000);
}
