import { describe, expect, it } from "vitest";
import type { UserSessionDto } from "../../api/types";
import { repeatProblem, roughStrength, sessionTitle, sortSessions } from "./securityText";

const session = (id: string, lastActiveAt: string, current = false): UserSessionDto => ({
  id, current, method: "pwd", kind: "cookie", device: "Computer", browser: "Firefox", os: "Linux", address: "", createdAt: lastActiveAt, lastActiveAt,
});

describe("security texts", () => {
  it("names a session by browser and system", () => {
    expect(sessionTitle({ browser: "Firefox", os: "Linux" })).toBe("Firefox · Linux");
    expect(sessionTitle({ browser: "API client", os: "" })).toBe("API client");
    expect(sessionTitle({ browser: "Unknown", os: "Unknown" })).toBe("Unknown device");
  });

  it("puts this device first, then the most recently active", () => {
    const sorted = sortSessions([session("a", "2026-01-01T10:00:00Z"), session("b", "2026-01-02T10:00:00Z"), session("c", "2025-12-01T10:00:00Z", true)]);
    expect(sorted.map((s) => s.id)).toEqual(["c", "b", "a"]);
  });

  it("says when the repeat differs, not while it is empty", () => {
    expect(repeatProblem("one long password", "")).toBeNull();
    expect(repeatProblem("one long password", "one long passwor")).toBe("The passwords don't match.");
    expect(repeatProblem("one long password", "one long password")).toBeNull();
  });

  it("rates short or repetitive passwords low and long passphrases high", () => {
    expect(roughStrength("short")).toBe(0);
    expect(roughStrength("aaaaaaaaaaaaaaaa")).toBe(0);
    expect(roughStrength("a quiet river under seven bridges")).toBe(4);
    expect(roughStrength("Tr0ub4dor&3x")).toBeGreaterThanOrEqual(2);
  });
});
