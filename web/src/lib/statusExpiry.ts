/** "Clear after" choices for a custom status, as in Slack. */
export const CLEAR_AFTER = [
  { value: "never", label: "Don't clear" },
  { value: "30m", label: "30 minutes" },
  { value: "1h", label: "1 hour" },
  { value: "4h", label: "4 hours" },
  { value: "today", label: "Today" },
] as const;

export type ClearAfter = (typeof CLEAR_AFTER)[number]["value"];

/** When a status set now with this choice clears (ISO, UTC), or null for never. "Today": the end of the local day. */
export function statusExpiresAt(choice: ClearAfter, now: Date = new Date()): string | null {
  const minutes = { "30m": 30, "1h": 60, "4h": 240 } as Record<string, number | undefined>;
  const m = minutes[choice];
  if (m) return new Date(now.getTime() + m * 60_000).toISOString();
  if (choice === "today") {
    const end = new Date(now);
    end.setHours(23, 59, 0, 0);
    return end.toISOString();
  }
  return null;
}
