import type { TimelineEntry, TimelineRow } from "./days";

/** Consecutive messages hidden from the reader (a blocked sender's), shown as one row. */
export interface HiddenRow<T extends TimelineEntry> {
  type: "hidden";
  key: string;
  entries: T[];
}

/**
 * The rows with each run of consecutive hidden messages folded into one row (a day or the unread divider ends a run);
 * the message after a run starts a new group (its sender's name shows again).
 */
export function foldHidden<T extends TimelineEntry>(rows: readonly TimelineRow<T>[], isHidden: (entry: T) => boolean): (TimelineRow<T> | HiddenRow<T>)[] {
  const out: (TimelineRow<T> | HiddenRow<T>)[] = [];
  let run: HiddenRow<T> | null = null;
  for (const row of rows) {
    if (row.type === "message" && isHidden(row.entry)) {
      if (run) run.entries.push(row.entry);
      else out.push((run = { type: "hidden", key: `hidden-${row.key}`, entries: [row.entry] }));
      continue;
    }
    const afterRun = run !== null;
    run = null;
    out.push(afterRun && row.type === "message" && row.continued ? { ...row, continued: false } : row);
  }
  return out;
}
