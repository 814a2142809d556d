import { describe, expect, it } from "vitest";
import { inviteTokenFrom, inviteUrl, pathAfterInvite, signUpState } from "./registration";

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

describe("invite links", () => {
  it("reads the token from the server's /register?invite= link and leaves /register once it is used", () => {
    const url = inviteUrl("https://chat.example/", "a b+c");
    expect(url).toBe("https://chat.example/register?invite=a%20b%2Bc");
    expect(inviteTokenFrom(new URL(url).search)).toBe("a b+c");
    expect(pathAfterInvite("/register")).toBe("/");
    expect(pathAfterInvite("/r/abc")).toBe("/r/abc");
  });
});
