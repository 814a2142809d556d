import { describe, expect, it } from "vitest";
import { inviteTokenFrom, signUpState } from "./registration";

describe("registration", () => {
  it("reads the invite token from the link", () => {
    expect(inviteTokenFrom("?invite=abc123")).toBe("abc123");
    expect(inviteTokenFrom("?invite=")).toBeNull();
    expect(inviteTokenFrom("")).toBeNull();
  });

  it("offers sign-up by the server's mode and the invite", () => {
    expect(signUpState("closed", "abc")).toBe("closed");
    expect(signUpState("invite", "abc")).toBe("withInvite");
    expect(signUpState("invite", null)).toBe("needsInvite");
    expect(signUpState("open", null)).toBe("open");
    expect(signUpState(null, null)).toBe("open");
  });
});
