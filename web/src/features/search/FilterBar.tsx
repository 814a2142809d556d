import type { RefObject } from "react";
import { Icon } from "../../components/Icon";
import { beginFilter, filterLabel, filtersOf, hasFilter, removeFilter, toggleFilter, type Operator } from "./query";

/** Operators the user finishes typing (the value is theirs): the chip writes the start and puts the caret after it. */
const STARTERS: { label: string; prefix: string }[] = [
  { label: "From…", prefix: "from:@" },
  { label: "In…", prefix: "in:#" },
  { label: "Before…", prefix: "before:" },
  { label: "After…", prefix: "after:" },
  { label: "On…", prefix: "on:" },
];

/** Operators complete in themselves: toggles that search at once. */
const TOGGLES: { label: string; op: Operator; value: string }[] = [
  { label: "Has file", op: "has", value: "file" },
  { label: "Has image", op: "has", value: "image" },
  { label: "Has link", op: "has", value: "link" },
  { label: "Mentions me", op: "is", value: "mention" },
];

interface Props {
  query: string;
  inputRef: RefObject<HTMLInputElement | null>;
  /** The box's text changed (an operator begun): not searched yet. */
  onChange: (query: string) => void;
  /** The query changed and is searched now (a toggle, a chip removed). */
  onSearch: (query: string) => void;
}

/** Chips that help type the operators, and the ones in the query as removable chips. */
export function FilterBar({ query, inputRef, onChange, onSearch }: Props) {
  const active = filtersOf(query);
  return (
    <div className="search-filters">
      <div role="group" aria-label="Add a filter" className="search-chips">
        {STARTERS.map((s) => (
          <button key={s.prefix} type="button" className="search-chip" onClick={() => {
            const next = beginFilter(query, s.prefix);
            onChange(next);
            requestAnimationFrame(() => {
              const el = inputRef.current;
              el?.focus();
              el?.setSelectionRange(next.length, next.length);
            });
          }}>{s.label}</button>
        ))}
        {TOGGLES.map((t) => (
          <button key={t.label} type="button" className="search-chip" aria-pressed={hasFilter(query, t.op, t.value)}
            onClick={() => onSearch(toggleFilter(query, t.op, t.value))}>{t.label}</button>
        ))}
      </div>
      {active.length > 0 && (
        <ul aria-label="Active filters" className="search-chips search-active">
          {active.map((f) => (
            <li key={`${f.start}:${f.text}`} className="search-chip active-chip">
              <span>{filterLabel(f)}</span>
              <button type="button" className="icon-button" aria-label={`Remove filter ${f.text}`}
                onClick={() => onSearch(removeFilter(query, f))}><Icon name="close" size={12} /></button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
