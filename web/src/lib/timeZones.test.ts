import { describe, expect, it } from "vitest";
import { localTime, offsetFromHere, timeZoneList, zoneLabel, zoneOffsetMinutes } from "./timeZones";

const noon = new Date(Date.UTC(2026, 0, 15, 12, 0));

describe("time zones", () => {
  it("knows offsets, including half hours and daylight saving", () => {
    expect(zoneOffsetMinutes("UTC", noon)).toBe(0);
    expect(zoneOffsetMinutes("Europe/Paris", noon)).toBe(60);
    expect(zoneOffsetMinutes("Europe/Paris", new Date(Date.UTC(2026, 6, 15, 12)))).toBe(120);
    expect(zoneOffsetMinutes("Asia/Kolkata", noon)).toBe(330);
    expect(zoneOffsetMinutes("Not/AZone", noon)).toBeNull();
  });
  it("says how far someone is from you", () => {
    expect(offsetFromHere("Europe/Paris", noon, "Europe/Berlin")).toBe("same time as you");
    expect(offsetFromHere("Asia/Tokyo", noon, "UTC")).toBe("9 hours ahead");
    expect(offsetFromHere("America/New_York", noon, "UTC")).toBe("5 hours behind");
    expect(offsetFromHere("Asia/Kolkata", noon, "UTC")).toBe("5½ hours ahead");
    expect(offsetFromHere("Europe/London", noon, "Europe/Paris")).toBe("1 hour behind");
    expect(offsetFromHere("nope", noon, "UTC")).toBeNull();
  });
  it("shows the local time and readable labels", () => {
    expect(localTime("Asia/Tokyo", noon, "en-GB")).toBe("21:00");
    expect(localTime("", noon)).toBeNull();
    expect(localTime("Bad/Zone", noon)).toBeNull();
    expect(zoneLabel("America/Argentina/Buenos_Aires")).toBe("America / Argentina / Buenos Aires");
  });
  it("lists the browser's zones and keeps a saved one it doesn't list", () => {
    const list = timeZoneList(["Mars/Olympus"]);
    expect(list).toContain("Europe/Paris");
    expect(list).toContain("Mars/Olympus");
    expect([...list].sort((a, b) => a.localeCompare(b))).toEqual(list);
  });
});
