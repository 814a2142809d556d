import { describe, expect, it } from "vitest";
import { countdownText, durationLabel, expiryFrom, TIMEOUT_CHOICES } from "./durations";

describe("moderation durations", () => {
  it("names the time-out choices", () => {
    expect(TIMEOUT_CHOICES.map(durationLabel)).toEqual(["60 seconds", "5 minutes", "10 minutes", "1 hour", "1 day", "1 week"]);
    expect(durationLabel(2 * 86_400)).toBe("2 days");
    expect(durationLabel(90)).toBe("90 seconds");
    expect(durationLabel(30)).toBe("30 seconds");
  });

  it("turns a ban length into its end, or none for until lifted", () => {
    const now = new Date("2026-12-03T10:00:00Z");
    expect(expiryFrom(3600, now)).toBe("2026-12-03T11:00:00.000Z");
    expect(expiryFrom(null, now)).toBeNull();
  });

  it("counts down in seconds, then minutes, then hours", () => {
    expect(countdownText(41_200)).toBe("42 s");
    expect(countdownText(65_000)).toBe("1:05");
    expect(countdownText(3_600_000)).toBe("1:00:00");
    expect(countdownText(-5)).toBe("0 s");
  });
});
