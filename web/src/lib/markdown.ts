import { Marked, type Token, type Tokens } from "marked";
import DOMPurify from "dompurify";
import { purify, type SafeHtml } from "./trustedTypes";
import { replaceShortcodes, replaceShortcodesInProse } from "./emoji";
import { mentionAt } from "./mentions";
import { highlightCode } from "./highlight";

/**
 * Markdown → HTML that is safe to insert: marked renders with raw HTML escaped (never passed through), then DOMPurify
 * keeps only a strict allowlist. Links: http(s) and mailto only, opened in a new tab without an opener. Images only
 * as custom emoji: `<img class="emoji">` from this server's /api/emoji/ (a message's own images are never embedded).
 * The result is TrustedHTML (lib/trustedTypes.ts): the CSP lets nothing else into innerHTML.
 */

const ALLOWED_TAGS = [
  "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
  "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span", "img",
];
const ALLOWED_ATTR = ["href", "title", "target", "rel", "start", "class", "src", "alt"];
const SAFE_URL = /^(?:https?:|mailto:)/i;
/** The only image a message may show: a custom emoji's, as the server names it (`/api/emoji/<name>?v=<version>`). */
const EMOJI_SRC = /^\/api\/emoji\/[a-z0-9_+-]{2,32}\?v=[0-9a-f]{1,64}$/;
const CUSTOM_EMOJI = /^:([a-z0-9_+-]{2,32}):/;

let shortcodes: ReadonlyMap<string, string> = new Map();

/** Installs the shortcode map once the emoji data has loaded. */
export function setShortcodes(map: ReadonlyMap<string, string>): void {
  shortcodes = map;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Whose mentions render strongest (set for the duration of one synchronous render). */
let mentionTarget = "";
/** Custom emoji by name → image URL (set for the duration of one synchronous render). */
let customEmoji: ReadonlyMap<string, string> = new Map();

/** A known custom emoji's `:name:` at `src[i]`, or null. */
function customEmojiAt(src: string, i: number): { raw: string; name: string; url: string } | null {
  const m = CUSTOM_EMOJI.exec(src.slice(i, i + 34));
  const url = m ? customEmoji.get(m[1]!) : undefined;
  return m && url ? { raw: m[0], name: m[1]!, url } : null;
}
const MENTION_CLASSES = new Set(["mention", "mention mention-me"]);
/** What highlight.js writes: "hljs-keyword", "hljs-title function_" on spans; "hljs language-x" on the code element. */
const TOKEN_CLASS = /^hljs-[a-z0-9_-]+(?: [a-z0-9_-]+)*$/;
const CODE_CLASS = /^hljs(?: language-[a-z0-9_+-]+)?$/;

const marked = new Marked({
  extensions: [{
    // "@name" (or @here/@room…) by the rule of lib/mentions.ts; never inside code (code tokens are not scanned).
    name: "mention",
    level: "inline",
    start(src: string) {
      for (let i = src.indexOf("@"); i >= 0; i = src.indexOf("@", i + 1)) if (mentionAt(src, i)) return i;
      return undefined;
    },
    tokenizer(src: string, tokens: Token[]) {
      // The character before, from the token just read ("x_@bob" is not a mention).
      const before = [...(tokens.at(-1)?.raw.slice(-2) ?? "")].at(-1) ?? "";
      const m = src.startsWith("@") ? mentionAt(before + src, before.length) : null;
      return m ? { type: "mention", raw: src.slice(0, m.end - before.length), name: m.name, candidates: m.candidates, wildcard: m.wildcard } : undefined;
    },
    renderer(token) {
      const name = String(token.name);
      const me = token.wildcard !== null || (mentionTarget !== "" && (token.candidates as string[]).includes(mentionTarget));
      return `<span class="${me ? "mention mention-me" : "mention"}">@${escapeHtml(name)}</span>`;
    },
  }, {
    // ":name:" of a custom emoji this server has: its image; never inside code (code tokens are not scanned). An
    // unknown name stays text, so a removed emoji reads as what was typed.
    name: "customEmoji",
    level: "inline",
    start(src: string) {
      if (customEmoji.size === 0) return undefined;
      for (let i = src.indexOf(":"); i >= 0; i = src.indexOf(":", i + 1)) if (customEmojiAt(src, i)) return i;
      return undefined;
    },
    tokenizer(src: string) {
      const m = customEmojiAt(src, 0);
      return m ? { type: "customEmoji", raw: m.raw, name: m.name, url: m.url } : undefined;
    },
    renderer(token) {
      const label = escapeHtml(`:${String(token.name)}:`);
      return `<img class="emoji" src="${escapeHtml(String(token.url))}" alt="${label}" title="${label}">`;
    },
  }],
  gfm: true,
  breaks: true,
  renderer: {
    // Raw HTML in a message is shown as text, never interpreted.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    // A link to anything but http(s) or mailto (javascript:, data:…) is shown as its text, not as a dead link.
    link({ href, tokens }: Tokens.Link) {
      return SAFE_URL.test(href.trim()) ? false : this.parser.parseInline(tokens);
    },
    // Images are not embedded: show the alt text as a link instead (or as text when the address is not safe).
    image({ href, text }: Tokens.Image) {
      if (!SAFE_URL.test(href.trim())) return escapeHtml(text);
      return `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`;
    },
    // Fenced code is highlighted (lib/highlight.ts); the copy button is added where it is shown (MarkdownBody).
    code({ text, lang }: Tokens.Code) {
      const { html, language } = highlightCode(text, lang);
      const cls = language ? `hljs language-${language.replace(/[^a-z0-9_+-]/gi, "")}` : "hljs";
      return `<pre><code class="${cls}">${html}</code></pre>\n`;
    },
    codespan({ text }: Tokens.Codespan) {
      return `<code>${escapeHtml(text)}</code>`;
    },
  },
  walkTokens(token) {
    if (token.type === "text" && !("tokens" in token && token.tokens)) {
      const t = token as Tokens.Text;
      t.text = replaceShortcodes(t.text, shortcodes);
    }
  },
});

let hooked = false;
function purifier() {
  if (!hooked) {
    // The only classes allowed: the mention spans, highlighted code and custom emoji this renderer made (raw HTML in
    // messages is escaped, never parsed). An image keeps only its alt, title, class "emoji" and a custom emoji's src
    // (relative, so kept here: the URI allowlist takes absolute http(s) links only).
    DOMPurify.addHook("uponSanitizeAttribute", (node, data) => {
      if (node.nodeName === "IMG") {
        const src = data.attrName === "src" && EMOJI_SRC.test(data.attrValue);
        data.keepAttr = src || data.attrName === "alt" || data.attrName === "title" || (data.attrName === "class" && data.attrValue === "emoji");
        if (src) data.forceKeepAttr = true;
        return;
      }
      if (data.attrName === "src" || data.attrName === "alt") {
        data.keepAttr = false;
        return;
      }
      if (data.attrName !== "class") return;
      data.keepAttr = node.nodeName === "SPAN" ? MENTION_CLASSES.has(data.attrValue) || TOKEN_CLASS.test(data.attrValue)
        : node.nodeName === "CODE" && CODE_CLASS.test(data.attrValue);
    });
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      // An image that is not a custom emoji of this server goes altogether.
      if (node.nodeName === "IMG" && (!node.hasAttribute("src") || node.getAttribute("class") !== "emoji")) {
        node.remove();
        return;
      }
      if (node.nodeName === "A") {
        const href = node.getAttribute("href");
        if (!href || !SAFE_URL.test(href.trim())) {
          node.removeAttribute("href");
        } else {
          node.setAttribute("target", "_blank");
          node.setAttribute("rel", "noopener noreferrer");
        }
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

export function sanitizeHtml(html: string): SafeHtml {
  purifier();
  return purify(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: SAFE_URL,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    FORBID_TAGS: ["style", "svg", "math", "iframe", "form", "input", "script", "object", "embed"],
    FORBID_ATTR: ["style", "id"],
  });
}

/**
 * Renders message Markdown to sanitized HTML; `meUserName`: whose @mentions are highlighted strongest; `emoji`: the
 * server's custom emoji (name → image URL), whose `:name:` shows as the image.
 */
export function renderMarkdown(source: string, meUserName = "", emoji: ReadonlyMap<string, string> = new Map()): SafeHtml {
  mentionTarget = meUserName.toLowerCase();
  customEmoji = emoji;
  try {
    return sanitizeHtml(marked.parse(source, { async: false }) as string);
  } finally {
    mentionTarget = "";
    customEmoji = new Map();
  }
}

/** The text a reader sees in rendered Markdown: link text without its URL, code without backticks, no markers. */
function tokensToText(tokens: readonly Token[]): string {
  let out = "";
  for (const t of tokens) {
    if (t.type === "list") out += (t as Tokens.List).items.map((i) => tokensToText(i.tokens)).join(" ") + " ";
    else if (t.type === "table") {
      const table = t as Tokens.Table;
      out += [table.header, ...table.rows].map((row) => row.map((c) => tokensToText(c.tokens)).join(" ")).join(" ") + " ";
    } else if ("tokens" in t && t.tokens) out += tokensToText(t.tokens) + (t.type === "paragraph" || t.type === "heading" || t.type === "blockquote" ? " " : "");
    else if (t.type === "code") out += (t as Tokens.Code).text + " ";
    else if (t.type === "image") out += (t as Tokens.Image).text;
    else if (t.type === "br" || t.type === "space" || t.type === "hr") out += " ";
    else if (t.type === "mention" || t.type === "customEmoji") out += t.raw;
    else if ("text" in t && typeof t.text === "string") out += t.text;
  }
  return out;
}

/** Plain text preview of a message for reply quotes, the mentions list and notifications: one line, no Markdown syntax. */
export function plainPreview(source: string, max = 120): string {
  const text = tokensToText(marked.lexer(replaceShortcodesInProse(source, shortcodes)));
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? line.slice(0, max - 1) + "…" : line;
}
