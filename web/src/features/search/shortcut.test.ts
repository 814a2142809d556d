// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { opensSearch } from "./shortcut";

const key = (k: string, target: EventTarget | null, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) =>
  ({ key: k, target, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe("opensSearch", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("opens on / outside text fields and on Ctrl/Cmd+Shift+F anywhere, never on Ctrl+K", () => {
    document.body.innerHTML = "<main><button>x</button><textarea aria-label='Message'></textarea><input type='text'></main>";
    const [button, textarea, input] = [document.querySelector("button"), document.querySelector("textarea"), document.querySelector("input")];
    expect(opensSearch(key("/", button))).toBe(true);
    expect(opensSearch(key("/", document.body))).toBe(true);
    expect(opensSearch(key("/", textarea))).toBe(false);
    expect(opensSearch(key("/", input))).toBe(false);
    expect(opensSearch(key("F", textarea, { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(opensSearch(key("f", input, { metaKey: true, shiftKey: true }))).toBe(true);
    expect(opensSearch(key("f", button, { ctrlKey: true }))).toBe(false);
    expect(opensSearch(key("k", button, { ctrlKey: true }))).toBe(false);
  });

  it("leaves / alone while a dialog is open", () => {
    document.body.innerHTML = "<div role='dialog'><button>x</button></div>";
    expect(opensSearch(key("/", document.querySelector("button")))).toBe(false);
  });
});
