/** Time-out lengths a moderator picks from (seconds), as Discord offers them. */
export const TIMEOUT_CHOICES = [60, 5 * 60, 10 * 60, 3600, 86_400, 7 * 86_400] as const;

/** Ban lengths: null is "until lifted". */
export const BAN_CHOICES = [null, 3600, 86_400, 7 * 86_400, 30 * 86_400] as const;

/** Slow-mode steps a room moderator picks from (0: off; the server accepts 0..21600). */
export const SLOW_MODE_CHOICES = [0, 5, 10, 30, 60, 120, 300, 900, 3600, 21_600] as const;

const UNITS: [seconds: number, one: string, many: string][] = [
  [7 * 86_400, "week", "weeks"],
  [86_400, "day", "days"],
  [3600, "hour", "hours"],
  [60, "minute", "minutes"],
  [1, "second", "seconds"],
];

/** "60 seconds", "5 minutes", "1 hour", "1 day", "1 week": the largest unit that divides the length. */
export function durationLabel(seconds: number): string {
  if (seconds === 60) return "60 seconds";
  for (const [size, one, many] of UNITS) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${n === 1 ? one : many}`;
    }
  }
  return `${seconds} seconds`;
}

/** When a ban of this length, set now, ends (ISO, UTC), or null for "until lifted". */
export function expiryFrom(seconds: number | null, now: Date = new Date()): string | null {
  return seconds === null ? null : new Date(now.getTime() + seconds * 1000).toISOString();
}

/** A wait shown while it counts down: "42 s", "1:05", "1:00:00". */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
