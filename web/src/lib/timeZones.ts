/** The browser's own IANA time zone ("Europe/Paris"), or "" when it can't tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
  } catch {
    return "";
  }
}

/** Every IANA zone the browser knows, with `extra` (a saved one it may not list) kept in. */
export function timeZoneList(extra: readonly string[] = []): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  } catch {
    zones = [];
  }
  const all = new Set([...zones, ...extra.filter(Boolean)]);
  if (all.size === 0) all.add("UTC");
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** "Europe/Paris" → "Europe / Paris", "America/Argentina/Buenos_Aires" → "America / Argentina / Buenos Aires". */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, " ").split("/").join(" / ");
}

/** The time of day in a zone ("14:05"), or null for an unknown zone. */
export function localTime(zone: string, now: Date = new Date(), locale?: string): string | null {
  if (!zone) return null;
  try {
    return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: zone }).format(now);
  } catch {
    return null;
  }
}

/**
 * How far a zone is from the viewer's, as people say it: "same time as you", "2 hours ahead", "5½ hours behind".
 * Null for an unknown zone.
 */
export function offsetFromHere(zone: string, now: Date = new Date(), here: string = browserTimeZone()): string | null {
  const diff = zoneOffsetMinutes(zone, now);
  const mine = zoneOffsetMinutes(here || "UTC", now);
  if (diff === null || mine === null) return null;
  const d = diff - mine;
  if (d === 0) return "same time as you";
  const hours = Math.floor(Math.abs(d) / 60);
  const half = Math.abs(d) % 60 === 30 ? "½" : Math.abs(d) % 60 === 45 ? "¾" : Math.abs(d) % 60 === 15 ? "¼" : "";
  const amount = hours === 0 && half ? `${half} hour` : `${hours}${half} hour${hours === 1 && !half ? "" : "s"}`;
  return `${amount} ${d > 0 ? "ahead" : "behind"}`;
}

/** The zone's UTC offset in minutes at `now`, or null for an unknown zone. */
export function zoneOffsetMinutes(zone: string, now: Date): number | null {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    }).formatToParts(now);
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
    return Math.round((asUtc - Math.floor(now.getTime() / 60000) * 60000) / 60000);
  } catch {
    return null;
  }
}
