import { describe, expect, it } from "vitest";
import { ssoErrorText, ssoStartUrl, takeSsoError } from "./sso";

describe("sso", () => {
  it("builds the start URL with the return path, and link for Connect", () => {
    expect(ssoStartUrl("corp", "/rooms/1")).toBe("/api/auth/sso/corp?returnUrl=%2Frooms%2F1");
    expect(ssoStartUrl("corp", "/", true)).toBe("/api/auth/sso/corp?returnUrl=%2F&link=true");
  });

  it("takes ssoError out of the address and keeps the rest", () => {
    expect(takeSsoError("?ssoError=sso_denied", "/")).toEqual({ code: "sso_denied", address: "/" });
    expect(takeSsoError("?invite=abc&ssoError=sso_failed", "/")).toEqual({ code: "sso_failed", address: "/?invite=abc" });
    expect(takeSsoError("?invite=abc", "/")).toBeNull();
  });

  it("explains every code, and unknown ones generically", () => {
    expect(ssoErrorText("sso_registration_closed")).toMatch(/registration is closed/);
    expect(ssoErrorText("<script>")).toBe("Single sign-on failed. Try again.");
  });
});
