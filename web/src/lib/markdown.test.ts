// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { plainPreview, renderMarkdown, sanitizeHtml, setShortcodes } from "./markdown";
import type { SafeHtml } from "./trustedTypes";

function dom(html: SafeHtml): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = String(html);
  return div;
}

const XSS = [
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<script>alert(1)</script>",
  "<iframe src=javascript:alert(1)></iframe>",
  "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
  "<a href=\"javascript:alert(1)\">x</a>",
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](jav&#x09;ascript:alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](vbscript:msgbox(1))",
  "<javascript:alert(1)>",
  "![x](javascript:alert(1))",
  "![x](https://evil.example/x.png)",
  "<style>body{display:none}</style>",
  "<div style=\"background:url(javascript:alert(1))\">x</div>",
  "<form action=https://evil.example><input name=a></form>",
  "[click](https://ok.example \"title\" onmouseover=alert(1))",
  "<a href=https://ok.example onclick=alert(1)>x</a>",
  "`<img src=x onerror=alert(1)>`",
  "```\n<script>alert(1)</script>\n```",
  "&lt;img src=x onerror=alert(1)&gt;",
  "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
  "[a](https://x.example)<img src=x onerror=alert(1)>",
  "**<img src=x onerror=alert(1)>**",
  "> <svg/onload=alert(1)>",
];

describe("renderMarkdown", () => {
  it("renders the basics", () => {
    const html = renderMarkdown("**bold** _it_ ~~gone~~ `code`\n\n> quote\n\n- a\n- b\n\n1. one");
    const d = dom(html);
    expect(d.querySelector("strong")?.textContent).toBe("bold");
    expect(d.querySelector("em")?.textContent).toBe("it");
    expect(d.querySelector("del")?.textContent).toBe("gone");
    expect(d.querySelector("code")?.textContent).toBe("code");
    expect(d.querySelector("blockquote")?.textContent?.trim()).toBe("quote");
    expect(d.querySelectorAll("ul li").length).toBe(2);
    expect(d.querySelectorAll("ol li").length).toBe(1);
  });

  it("opens safe links in a new tab without an opener", () => {
    const a = dom(renderMarkdown("[site](https://example.com/a?b=1)")).querySelector("a")!;
    expect(a.getAttribute("href")).toBe("https://example.com/a?b=1");
    expect(a.getAttribute("target")).toBe("_blank");
    expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    expect(dom(renderMarkdown("mail me: <mailto:a@b.example>")).querySelector("a")?.getAttribute("href")).toBe("mailto:a@b.example");
  });

  it("shows a link to an unsafe address as plain text, not as a link", () => {
    for (const source of ["[click me](javascript:alert(1))", "[click me](JAVASCRIPT:alert(1) \"t\")", "[click me](data:text/html,x)", "![click me](javascript:alert(1))"]) {
      const d = dom(renderMarkdown(source));
      expect(d.querySelector("a")).toBeNull();
      expect(d.textContent?.trim()).toBe("click me");
    }
    expect(dom(renderMarkdown("[**bold** text](javascript:x)")).querySelector("strong")?.textContent).toBe("bold");
  });

  it("escapes code", () => {
    const d = dom(renderMarkdown("```\n<b>x</b> & y\n```"));
    expect(d.querySelector("pre code")?.textContent).toBe("<b>x</b> & y\n".trimEnd() + (d.querySelector("pre code")?.textContent?.endsWith("\n") ? "\n" : ""));
    expect(d.querySelector("b")).toBeNull();
    expect(dom(renderMarkdown("`<i>x</i>`")).querySelector("code")?.textContent).toBe("<i>x</i>");
    expect(dom(renderMarkdown("`a & b`")).querySelector("code")?.textContent).toBe("a & b");
  });

  it("highlights fenced code with classes only (no inline styles), and keeps no other classes", () => {
    const d = dom(renderMarkdown("```ts\nconst n: number = 42; // answer\n```"));
    const code = d.querySelector("pre code")!;
    expect(code.className).toBe("hljs language-ts");
    expect(code.textContent).toBe("const n: number = 42; // answer\n".trimEnd() + (code.textContent?.endsWith("\n") ? "\n" : ""));
    expect(code.querySelector(".hljs-keyword")?.textContent).toBe("const");
    expect(code.querySelector(".hljs-number")?.textContent).toBe("42");
    expect(code.querySelector(".hljs-comment")?.textContent).toBe("// answer");
    expect(d.querySelector("[style]")).toBeNull();
    // A class written by hand in a message never survives (raw HTML is text, and the sanitizer drops unknown classes).
    expect(dom(renderMarkdown('<span class="hljs-keyword">x</span>')).querySelector("span")).toBeNull();
    expect(sanitizeHtml('<span class="evil">x</span><code class="hljs language-js">y</code><code class="other">z</code>'))
      .toBe('<span>x</span><code class="hljs language-js">y</code><code>z</code>');
  });

  it("leaves a fence in an unknown language as plain text", () => {
    const code = dom(renderMarkdown("```klingon\nQapla' batlh\n```")).querySelector("pre code")!;
    expect(code.className).toBe("hljs");
    expect(code.querySelector("span")).toBeNull();
  });

  it("shows raw HTML as text", () => {
    const d = dom(renderMarkdown("<b>hi</b>"));
    expect(d.querySelector("b")).toBeNull();
    expect(d.textContent).toContain("<b>hi</b>");
  });

  it.each(XSS)("neutralises %s", (payload) => {
    const d = dom(renderMarkdown(payload));
    for (const el of Array.from(d.querySelectorAll("*"))) {
      expect(["IMG", "SVG", "SCRIPT", "IFRAME", "STYLE", "FORM", "INPUT", "MATH", "DIV"]).not.toContain(el.nodeName.toUpperCase());
      for (const attr of Array.from(el.attributes)) {
        expect(attr.name.startsWith("on")).toBe(false);
        expect(attr.name).not.toBe("style");
        if (attr.name === "href") expect(attr.value).toMatch(/^(https?:|mailto:)/i);
      }
    }
  });

  it("replaces shortcodes outside code", () => {
    setShortcodes(new Map([["smile", "😄"]]));
    expect(dom(renderMarkdown("hi :smile: :nope:")).textContent?.trim()).toBe("hi 😄 :nope:");
    expect(dom(renderMarkdown("`:smile:`")).textContent?.trim()).toBe(":smile:");
    setShortcodes(new Map());
  });
});

describe("mentions in rendered messages", () => {
  it("marks @names, mine and wildcards strongest, never inside code or e-mail addresses", () => {
    expect(renderMarkdown("hi @bob and @alice", "alice")).toBe('<p>hi <span class="mention">@bob</span> and <span class="mention mention-me">@alice</span></p>\n');
    expect(renderMarkdown("@here now")).toContain('<span class="mention mention-me">@here</span>');
    expect(renderMarkdown("`@bob` x")).not.toContain("mention");
    expect(renderMarkdown("mail bob@example.com")).not.toContain("mention");
  });

  it("keeps no other class: a class typed in raw HTML is escaped text, not markup", () => {
    const html = renderMarkdown('<span class="mention mention-me">x</span>');
    expect(html).not.toContain("<span");
  });
});

describe("plain previews (reply quotes, mentions, notifications)", () => {
  it("show the text a reader sees, without Markdown syntax", () => {
    expect(plainPreview("**bold** and _it_ [a link](https://example.com/x) `code` ~~gone~~")).toBe("bold and it a link code gone");
    expect(plainPreview("# Title\n\n> quoted @bob\n\n- one\n- two\n\n```js\nlet x = 1;\n```")).toBe("Title quoted @bob one two let x = 1;");
    expect(plainPreview("a <b>tag</b> & 2 \\* 3")).toBe("a <b>tag</b> & 2 * 3");
    expect(plainPreview("x ".repeat(100), 11)).toBe("x x x x x …");
  });
});

describe("custom emoji in rendered messages", () => {
  const emoji = new Map([["party", "/api/emoji/party?v=0123abcd"], ["+1_custom", "/api/emoji/+1_custom?v=ff"]]);

  it("shows a known :name: as its image, leaves unknown names and code as text", () => {
    const d = dom(renderMarkdown("we :party: hard :nope: `:party:`\n\n```\n:party:\n```", "", emoji));
    const imgs = d.querySelectorAll("img");
    expect(imgs.length).toBe(1);
    expect(imgs[0]!.className).toBe("emoji");
    expect(imgs[0]!.getAttribute("src")).toBe("/api/emoji/party?v=0123abcd");
    expect(imgs[0]!.getAttribute("alt")).toBe(":party:");
    expect(d.querySelector("p")!.textContent).toBe("we  hard :nope: :party:");
    expect(d.querySelector("pre code")!.textContent?.trim()).toBe(":party:");
    expect(dom(renderMarkdown("a:+1_custom:b", "", emoji)).querySelector("img")?.getAttribute("alt")).toBe(":+1_custom:");
    // Without the server's list (or once removed) it is what was typed.
    expect(dom(renderMarkdown("we :party:")).textContent?.trim()).toBe("we :party:");
  });

  it("keeps an image only as a custom emoji of this server, with nothing but its alt, title and class", () => {
    expect(sanitizeHtml('<img class="emoji" src="/api/emoji/party?v=0a" alt=":party:" onerror="alert(1)" style="x">'))
      .toBe('<img class="emoji" src="/api/emoji/party?v=0a" alt=":party:">');
    for (const html of [
      '<img class="emoji" src="https://evil.example/x.png?v=1">',
      '<img class="emoji" src="/api/emoji/../files/abc?v=1">',
      '<img class="emoji" src="javascript:alert(1)">',
      '<img class="emoji">',
      '<img src="/api/emoji/party?v=0a">',
      '<img class="emoji big" src="/api/emoji/party?v=0a">',
    ]) expect(sanitizeHtml(html)).toBe("");
    expect(sanitizeHtml('<a href="https://ok.example" src="/api/emoji/party?v=0a" alt="x">y</a>')).not.toMatch(/src|alt/);
    // A list entry whose URL isn't one of the server's images never reaches the page.
    expect(dom(renderMarkdown(":evil:", "", new Map([["evil", "https://evil.example/x.png"]]))).querySelector("img")).toBeNull();
  });

  it.each(XSS)("still neutralises %s with custom emoji known", (payload) => {
    const d = dom(renderMarkdown(payload, "", emoji));
    expect(d.querySelector("img, svg, script, iframe, style, form, math")).toBeNull();
  });
});
