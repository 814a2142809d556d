import { describe, expect, it } from "vitest";
import { emailLinkFrom } from "./emailLinks";

describe("emailLinkFrom", () => {
  it("reads the page and token of a mailed link", () => {
    expect(emailLinkFrom("/reset-password", "?token=abc%2Bd")).toEqual({ kind: "reset", token: "abc+d" });
    expect(emailLinkFrom("/verify-email/", "?token=xyz")).toEqual({ kind: "verify", token: "xyz" });
  });

  it("ignores other pages and links without a token", () => {
    expect(emailLinkFrom("/", "?token=abc")).toBeNull();
    expect(emailLinkFrom("/reset-password", "")).toBeNull();
    expect(emailLinkFrom("/reset-password", "?token=%20")).toBeNull();
    expect(emailLinkFrom("/reset-password/extra", "?token=abc")).toBeNull();
  });
});
