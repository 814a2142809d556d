// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { render } from "../../lib/testDom";
import { snippetRuns, unescapeHtml } from "./snippet";
import { Snippet } from "./Snippet";

describe("snippetRuns", () => {
  it("splits the text on <mark> into marked and plain runs, unescaping the text", () => {
    expect(snippetRuns("… the <mark>term</mark> &amp; <mark>more</mark> &lt;3")).toEqual([
      { text: "… the ", mark: false },
      { text: "term", mark: true },
      { text: " & ", mark: false },
      { text: "more", mark: true },
      { text: " <3", mark: false },
    ]);
  });

  it("keeps nested marks marked until the outer one closes, and joins what touches", () => {
    expect(snippetRuns("a<mark>b<mark>c</mark>d</mark>e")).toEqual([
      { text: "a", mark: false },
      { text: "bcd", mark: true },
      { text: "e", mark: false },
    ]);
  });

  it("runs an unclosed mark to the end and drops a stray closing tag", () => {
    expect(snippetRuns("x<mark>y z")).toEqual([{ text: "x", mark: false }, { text: "y z", mark: true }]);
    expect(snippetRuns("x</mark>y")).toEqual([{ text: "xy", mark: false }]);
  });

  it("leaves any other tag as text (it is never markup)", () => {
    expect(snippetRuns('<img src=x onerror="alert(1)"><mark>hit</mark>')).toEqual([
      { text: '<img src=x onerror="alert(1)">', mark: false },
      { text: "hit", mark: true },
    ]);
    // An escaped mark is the user's text, not a highlight.
    expect(snippetRuns("&lt;mark&gt;not&lt;/mark&gt;")).toEqual([{ text: "<mark>not</mark>", mark: false }]);
  });

  it("is empty for an empty snippet", () => {
    expect(snippetRuns("")).toEqual([]);
  });
});

describe("unescapeHtml", () => {
  it("decodes named and numeric references, and leaves unknown or invalid ones", () => {
    expect(unescapeHtml("&quot;a&#39;b&#x1F600;&bogus;&#0;&#xD800;")).toBe("\"a'b😀&bogus;&#0;&#xD800;");
  });
});

describe("Snippet", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("renders only <mark> elements and text, whatever the snippet holds", () => {
    const hostile = '<img src=x onerror="window.hacked=1"><mark>ok<script>alert(1)</script></mark><b onclick="x">bold</b>&lt;i&gt;';
    const view = render(<Snippet text={hostile} />);
    const root = view.container.firstElementChild!;
    const tags = Array.from(root.querySelectorAll("*")).map((e) => e.tagName.toLowerCase());
    expect(tags).toEqual(["mark"]);
    expect(root.querySelector("mark")!.textContent).toBe("ok<script>alert(1)</script>");
    expect(root.textContent).toBe('<img src=x onerror="window.hacked=1">ok<script>alert(1)</script><b onclick="x">bold</b><i>');
    expect((window as { hacked?: number }).hacked).toBeUndefined();
    view.unmount();
  });
});
