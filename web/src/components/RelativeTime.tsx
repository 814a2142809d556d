import { useSyncExternalStore } from "react";
import { exactTime, relativeTime } from "../lib/days";

// One shared ticker for every visible time, so "just now" becomes "2 min ago" without re-rendering the timeline.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const x of listeners) x();
  }, 30_000);
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** A time shown relative to now ("5 min ago"), exact in the tooltip. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const t = useSyncExternalStore(subscribe, () => now);
  return (
    <time dateTime={iso} title={exactTime(iso)} className={className}>
      {relativeTime(iso, new Date(Math.max(t, Date.now() - 60_000)))}
    </time>
  );
}
