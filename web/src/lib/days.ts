/** Day dividers, sender grouping and human times for the timeline. */

export interface TimelineEntry {
  key: string;
  senderId: string;
  kind: "text" | "system";
  createdAt: string;
  seq: number | null;
}

export type TimelineRow<T extends TimelineEntry> =
  | { type: "day"; key: string; label: string }
  | { type: "unread"; key: string }
  | { type: "message"; key: string; entry: T; continued: boolean };

const GROUP_WINDOW_MS = 5 * 60 * 1000;

export function localDayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** "Today", "Yesterday", "Monday, November 16" (this year) or "November 16, 2025". */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(d)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleDateString(undefined, sameYear
    ? { weekday: "long", month: "long", day: "numeric" }
    : { year: "numeric", month: "long", day: "numeric" });
}

/**
 * Builds the rows of the timeline: a divider at each new day, a "New messages" divider above `unreadFromSeq`,
 * and consecutive text messages of one sender within 5 minutes grouped (continued = no header).
 */
export function buildRows<T extends TimelineEntry>(entries: readonly T[], unreadFromSeq: number | null): TimelineRow<T>[] {
  const rows: TimelineRow<T>[] = [];
  let prev: T | null = null;
  let unreadPlaced = false;
  for (const e of entries) {
    const day = localDayKey(e.createdAt);
    const newDay = !prev || localDayKey(prev.createdAt) !== day;
    if (newDay) rows.push({ type: "day", key: `day-${day}`, label: dayLabel(e.createdAt) });
    let unreadHere = false;
    if (!unreadPlaced && unreadFromSeq !== null && e.seq !== null && e.seq >= unreadFromSeq) {
      rows.push({ type: "unread", key: "unread" });
      unreadPlaced = true;
      unreadHere = true;
    }
    const continued = !!prev && !newDay && !unreadHere
      && e.kind === "text" && prev.kind === "text"
      && prev.senderId === e.senderId
      && Date.parse(e.createdAt) - Date.parse(prev.createdAt) < GROUP_WINDOW_MS;
    rows.push({ type: "message", key: e.key, entry: e, continued });
    prev = e;
  }
  return rows;
}

/** "just now", "5 min ago", "3 h ago", then the clock time today, else the date. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const t = Date.parse(iso);
  const s = Math.round((now.getTime() - t) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (localDayKey(iso) === localDayKey(now.toISOString()) || s < 6 * 3600) return clockTime(iso);
  return `${dayLabel(iso, now)} ${clockTime(iso)}`;
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });
}

/** Exact time for tooltips. */
export function exactTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit",
  });
}

/** Short "last activity" for the sidebar: time today, weekday this week, else date. */
export function shortActivity(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (localDayKey(iso) === localDayKey(now.toISOString())) return clockTime(iso);
  const days = (now.getTime() - d.getTime()) / 86_400_000;
  if (days < 6) return d.toLocaleDateString(undefined, { weekday: "short" });
  return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}
