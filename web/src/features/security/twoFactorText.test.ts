import { describe, expect, it } from "vitest";
import { groupedSecret, recoveryCodesFile, sixDigits, svgDataUrl } from "./twoFactorText";

describe("two-factor texts", () => {
  it("turns the SVG into a base64 data URL, markup and all", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(url).not.toContain("<");
    expect(atob(url.split(",")[1]!)).toBe(svg);
  });

  it("groups the secret by four", () => {
    expect(groupedSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
    expect(groupedSecret("ABCDEFGH")).toBe("ABCD EFGH");
  });

  it("accepts six digits with spaces, nothing else", () => {
    expect(sixDigits("123 456")).toBe("123456");
    expect(sixDigits("12345")).toBeNull();
    expect(sixDigits("12a456")).toBeNull();
  });

  it("lists every code on its own line", () => {
    const text = recoveryCodesFile(["aaaaa-bbbbb", "ccccc-ddddd"], "chat.acme.example");
    expect(text.split("\n")).toContain("aaaaa-bbbbb");
    expect(text.split("\n")).toContain("ccccc-ddddd");
    expect(text).toContain("Recovery codes for your account on chat.acme.example");
  });
});
