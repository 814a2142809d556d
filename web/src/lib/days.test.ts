import { describe, expect, it } from "vitest";
import { buildRows, dayLabel, relativeTime, type TimelineEntry } from "./days";

const e = (seq: number, senderId: string, at: string, kind: "text" | "system" = "text"): TimelineEntry => ({ key: `k${seq}`, seq, senderId, kind, createdAt: at });

describe("days", () => {
  it("groups by day and sender", () => {
    const rows = buildRows([
      e(1, "a", "2026-11-21T10:00:00"),
      e(2, "a", "2026-11-21T10:01:00"),
      e(3, "b", "2026-11-21T10:02:00"),
      e(4, "b", "2026-11-22T10:02:00"),
      e(5, "b", "2026-11-22T10:30:00"),
      e(6, "b", "2026-11-22T10:31:00", "system"),
    ], null);
    expect(rows.map((r) => r.type === "message" ? (r.continued ? "+" : "m") : r.type[0])).toEqual(["d", "m", "+", "m", "d", "m", "m", "m"]);
  });

  it("places the unread divider and breaks the group there", () => {
    const rows = buildRows([e(1, "a", "2026-11-22T10:00:00"), e(2, "a", "2026-11-22T10:01:00")], 2);
    expect(rows.map((r) => r.type)).toEqual(["day", "message", "unread", "message"]);
    const last = rows[3]!;
    expect(last.type === "message" && last.continued).toBe(false);
  });

  it("labels days and times", () => {
    const now = new Date("2026-11-22T12:00:00");
    expect(dayLabel("2026-11-22T08:00:00", now)).toBe("Today");
    expect(dayLabel("2026-11-21T08:00:00", now)).toBe("Yesterday");
    expect(relativeTime(new Date(now.getTime() - 10_000).toISOString(), now)).toBe("just now");
    expect(relativeTime(new Date(now.getTime() - 5 * 60_000).toISOString(), now)).toBe("5 min ago");
  });
});
