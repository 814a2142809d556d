import { describe, expect, it } from "vitest";
import { fromLocalInput, inOneHour, sendTimeProblem, sendTimeText, toLocalInput, tomorrowAt } from "./sendTimes";

// Dates built from local parts, so the tests mean the same in any time zone.
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);
const hhmm = (d: Date) => d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

describe("send time presets", () => {
  it("in one hour is to the minute", () => {
    expect(inOneHour(at(2026, 12, 3, 14, 5, 42))).toEqual(at(2026, 12, 3, 15, 5));
  });

  it("tomorrow at 9:00 is local time, across a month's and a year's end", () => {
    expect(tomorrowAt(at(2026, 12, 3, 23, 59))).toEqual(at(2026, 12, 4, 9));
    expect(tomorrowAt(at(2026, 11, 30, 8))).toEqual(at(2026, 12, 1, 9));
    expect(tomorrowAt(at(2026, 12, 31, 20))).toEqual(at(2027, 1, 1, 9));
  });
});

describe("the datetime-local field", () => {
  it("round-trips a local time, seconds only when there are some", () => {
    expect(toLocalInput(at(2026, 3, 7, 9, 5))).toBe("2026-03-07T09:05");
    expect(toLocalInput(at(2026, 3, 7, 9, 5, 30))).toBe("2026-03-07T09:05:30");
    expect(fromLocalInput("2026-03-07T09:05")).toEqual(at(2026, 3, 7, 9, 5));
    expect(fromLocalInput("2026-03-07T09:05:30")).toEqual(at(2026, 3, 7, 9, 5, 30));
    const t = at(2027, 1, 1, 0, 0);
    expect(fromLocalInput(toLocalInput(t))).toEqual(t);
  });

  it("refuses what is not a time that exists", () => {
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("tomorrow")).toBeNull();
    expect(fromLocalInput("2026-02-31T10:00")).toBeNull();
  });

  it("says why a time can't be used", () => {
    const now = at(2026, 12, 3, 12);
    expect(sendTimeProblem(null, now)).toMatch(/Choose a date/);
    expect(sendTimeProblem(at(2026, 12, 3, 11, 59), now)).toMatch(/future/);
    expect(sendTimeProblem(at(2027, 12, 4, 12), now)).toMatch(/within a year/);
    expect(sendTimeProblem(at(2026, 12, 3, 12, 1), now)).toBeNull();
  });
});

describe("how a time due reads", () => {
  const now = at(2026, 12, 3, 12);

  it("names today and tomorrow, with the local time", () => {
    const today = at(2026, 12, 3, 18, 30);
    const tomorrow = at(2026, 12, 4, 9);
    expect(sendTimeText(today, now)).toBe(`today at ${hhmm(today)}`);
    expect(sendTimeText(tomorrow, now)).toBe(`tomorrow at ${hhmm(tomorrow)}`);
  });

  it("gives the day further ahead, and the year when it is another", () => {
    const later = sendTimeText(at(2026, 12, 9, 9), now);
    expect(later).toMatch(/9/);
    expect(later).not.toMatch(/2026|today|tomorrow/);
    expect(sendTimeText(at(2027, 1, 5, 9), now)).toMatch(/2027/);
  });
});
