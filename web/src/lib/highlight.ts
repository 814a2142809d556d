import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import go from "highlight.js/lib/languages/go";
import ini from "highlight.js/lib/languages/ini";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import kotlin from "highlight.js/lib/languages/kotlin";
import markdown from "highlight.js/lib/languages/markdown";
import php from "highlight.js/lib/languages/php";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import swift from "highlight.js/lib/languages/swift";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

/**
 * Syntax highlighting for code blocks with highlight.js (core plus the languages people paste most, not all 190).
 * It only wraps escaped text in <span class="hljs-…">: no inline styles, so the strict CSP holds; the colours are
 * ours (styles/code.css), for the light and the dark theme.
 */
const languages = {
  bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, kotlin, markdown, php, python, ruby,
  rust, shell, sql, swift, typescript, xml, yaml,
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);

/** Guessing costs a pass per language: only for blocks of reasonable size. */
const MAX_AUTO = 10_000;
/** Below this, a guess is likely wrong (a sentence looks like many languages): plain text instead. */
const MIN_RELEVANCE = 5;

export interface Highlighted {
  /** Escaped HTML with hljs spans. */
  html: string;
  /** The language used (by name, alias or guess), or null for plain text. */
  language: string | null;
}

export function escapeCode(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Highlights a code block in the language named after its ``` fence (js, ts, cs, sh … aliases work), or guesses. */
export function highlightCode(text: string, lang: string | undefined): Highlighted {
  const asked = (lang ?? "").trim().split(/\s+/)[0]!.toLowerCase();
  const known = asked !== "" ? hljs.getLanguage(asked) : undefined;
  if (known) return { html: hljs.highlight(text, { language: asked, ignoreIllegals: true }).value, language: asked };
  if (asked === "" && text.length <= MAX_AUTO) {
    const guess = hljs.highlightAuto(text);
    if (guess.language && guess.relevance >= MIN_RELEVANCE) return { html: guess.value, language: guess.language };
  }
  return { html: escapeCode(text), language: null };
}
