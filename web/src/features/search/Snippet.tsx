import { snippetRuns } from "./snippet";

/** A search snippet with its highlights: <mark> elements around text nodes, nothing else (see snippet.ts). */
export function Snippet({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className}>
      {snippetRuns(text).map((r, i) => (r.mark ? <mark key={i}>{r.text}</mark> : r.text))}
    </span>
  );
}
