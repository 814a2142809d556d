import { describe, expect, it } from "vitest";
import { statusExpiresAt } from "./statusExpiry";

describe("status clear-after", () => {
  const now = new Date(2026, 10, 22, 14, 10); // local time
  it("adds the chosen time, ends today at 23:59 local time, or never", () => {
    expect(statusExpiresAt("30m", now)).toBe(new Date(2026, 10, 22, 14, 40).toISOString());
    expect(statusExpiresAt("4h", now)).toBe(new Date(2026, 10, 22, 18, 10).toISOString());
    expect(statusExpiresAt("today", now)).toBe(new Date(2026, 10, 22, 23, 59).toISOString());
    expect(statusExpiresAt("never", now)).toBeNull();
  });
});
