// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";

/** A stand-in for the browser's trustedTypes factory (jsdom has none): values are tagged with the policy's name. */
function fakeFactory() {
  const created: string[] = [];
  const factory = {
    createPolicy(name: string, rules: { createHTML(s: string): string; createScriptURL(s: string): string }) {
      created.push(name);
      return {
        name,
        createHTML: (s: string) => ({ trusted: "html", policy: name, value: rules.createHTML(s), toString: () => s }),
        createScriptURL: (s: string) => ({ trusted: "url", policy: name, value: rules.createScriptURL(s), toString: () => s }),
      };
    },
  };
  return { factory, created };
}

describe("Trusted Types policy", () => {
  afterEach(() => {
    delete (window as unknown as { trustedTypes?: unknown }).trustedTypes;
    vi.resetModules();
  });

  it("creates the one 'parley' policy at start-up; sanitized HTML comes back signed by it", async () => {
    const { factory, created } = fakeFactory();
    (window as unknown as { trustedTypes: unknown }).trustedTypes = factory;
    const { installTrustedTypes, purify } = await import("./trustedTypes");
    installTrustedTypes();
    installTrustedTypes();
    const out = purify("<b>hi</b><img src=x onerror=alert(1)>", { ALLOWED_TAGS: ["b"] }) as unknown as { trusted: string; policy: string; value: string };
    expect(created).toEqual(["parley"]); // once, and DOMPurify made no policy of its own
    expect(out.trusted).toBe("html");
    expect(out.policy).toBe("parley");
    expect(out.value).toBe("<b>hi</b>");
  });

  it("signs the service worker's URL (register() is a Trusted Types sink)", async () => {
    const { factory } = fakeFactory();
    (window as unknown as { trustedTypes: unknown }).trustedTypes = factory;
    const { serviceWorkerUrl } = await import("./trustedTypes");
    expect(serviceWorkerUrl()).toMatchObject({ trusted: "url", value: "/sw.js" });
  });

  it("returns plain strings where the browser has no Trusted Types", async () => {
    const { purify, serviceWorkerUrl } = await import("./trustedTypes");
    expect(purify("<b>hi</b><script>x</script>", { ALLOWED_TAGS: ["b"] })).toBe("<b>hi</b>");
    expect(serviceWorkerUrl()).toBe("/sw.js");
  });
});
