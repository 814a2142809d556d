/**
 * A search snippet is HTML-escaped text in which only <mark>…</mark> is markup (docs/api.md, issue 18).
 * It is split into plain runs, each marked or not, and rendered as React text: nothing in it ever becomes HTML,
 * so a server bug or a hostile message can at worst show odd text, never run anything.
 */
export interface SnippetRun {
  text: string;
  mark: boolean;
}

const TAG = /<(\/?)mark>/gi;

export function snippetRuns(snippet: string): SnippetRun[] {
  const runs: SnippetRun[] = [];
  // Depth, so nested marks stay marked until the outer one closes; a stray </mark> is dropped, an unclosed one runs to the end.
  let depth = 0;
  let at = 0;
  const push = (raw: string) => {
    if (!raw) return;
    const text = unescapeHtml(raw);
    const mark = depth > 0;
    const last = runs[runs.length - 1];
    if (last && last.mark === mark) last.text += text;
    else runs.push({ text, mark });
  };
  for (const m of snippet.matchAll(TAG)) {
    push(snippet.slice(at, m.index));
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    at = m.index + m[0].length;
  }
  push(snippet.slice(at));
  return runs;
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** The text the escaped run stands for (what the user wrote); anything unknown is left as written. */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}
