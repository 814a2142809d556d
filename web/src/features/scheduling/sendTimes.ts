// Times for "Send later": the presets, the datetime-local field (always the viewer's time zone) and how a time due reads.

/** The server takes a time up to a year ahead (ScheduledMessageService.MaxAhead is 366 days). */
const MAX_AHEAD_MS = 365 * 24 * 3600_000;

/** "In 1 hour": an hour from now, to the minute. */
export function inOneHour(now: Date): Date {
  const at = new Date(now.getTime() + 3600_000);
  at.setSeconds(0, 0);
  return at;
}

/** "Tomorrow 9:00" in the viewer's time zone (a day that is 23 or 25 hours long included). */
export function tomorrowAt(now: Date, hour = 9): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, hour, 0, 0, 0);
}

const two = (n: number) => String(n).padStart(2, "0");

/** The value of an <input type="datetime-local"> for a time: "YYYY-MM-DDTHH:mm" (with ":ss" when not 0), local time. */
export function toLocalInput(at: Date): string {
  const base = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
  return at.getSeconds() ? `${base}:${two(at.getSeconds())}` : base;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** The instant a datetime-local value means in the viewer's time zone, or null if it isn't one. */
export function fromLocalInput(value: string): Date | null {
  const m = LOCAL_INPUT.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi, s, 0);
  // 2026-02-31 rolls over in Date: not a day that exists.
  return at.getMonth() === mo - 1 && at.getDate() === d ? at : null;
}

/** Why a chosen time can't be used, or null. */
export function sendTimeProblem(at: Date | null, now: Date): string | null {
  if (!at) return "Choose a date and time.";
  if (at.getTime() <= now.getTime()) return "Choose a time in the future.";
  if (at.getTime() - now.getTime() > MAX_AHEAD_MS) return "Choose a time within a year.";
  return null;
}

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** How a time due reads in the viewer's time zone: "today at 14:05", "tomorrow at 09:00", "Mon 7 Dec at 14:05" (year if another). */
export function sendTimeText(at: Date, now: Date): string {
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  if (sameDay(at, now)) return `today at ${time}`;
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  if (sameDay(at, next)) return `tomorrow at ${time}`;
  const day = at.toLocaleDateString([], {
    weekday: "short", day: "numeric", month: "short", ...(at.getFullYear() !== now.getFullYear() ? { year: "numeric" } : {}),
  });
  return `${day} at ${time}`;
}
