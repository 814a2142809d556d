import type { DisplayEntry } from "./Timeline";

/** One row standing for consecutive messages from someone you blocked; Show brings them all back. */
export function HiddenMessages({ entries, onShow }: { entries: readonly DisplayEntry[]; onShow: (keys: string[]) => void }) {
  const last = entries[entries.length - 1]!;
  const label = entries.length === 1 ? "Hidden message from a blocked user" : `${entries.length} hidden messages from a blocked user`;
  return (
    // data-hidden-ids: a jump to one of them (a reply's quote) lands here.
    <article className="message blocked-hidden" data-seq={last.seq ?? undefined} data-hidden-ids={entries.map((e) => e.message.id).join(" ")} tabIndex={-1}>
      <div className="message-gutter" />
      <div className="message-content">
        <span className="muted">{label}</span> · <button type="button" className="link" aria-label={`Show ${label.toLowerCase()}`} onClick={() => onShow(entries.map((e) => e.key))}>Show</button>
      </div>
    </article>
  );
}
