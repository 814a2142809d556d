// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import { api } from "../../api/client";
import type { MeDto } from "../../api/types";
import { render } from "../../lib/testDom";
import { PasskeySignIn } from "./PasskeySignIn";

const flush = () => act(async () => undefined);
const buf = (...b: number[]) => new Uint8Array(b).buffer;

function stubBrowser(get: (o: CredentialRequestOptions) => Promise<Credential | null>) {
  vi.stubGlobal("PublicKeyCredential", class {});
  Object.defineProperty(navigator, "credentials", { value: { get }, configurable: true });
}

describe("PasskeySignIn", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    Reflect.deleteProperty(navigator, "credentials");
    document.body.innerHTML = "";
  });

  it("is not shown where the browser has no WebAuthn", () => {
    const view = render(<PasskeySignIn onSignedIn={() => undefined} />);
    expect(view.container.querySelector("button")).toBeNull();
    view.unmount();
  });

  it("asks the browser with the server's options and signs in with its answer", async () => {
    const get = vi.fn(async (_: CredentialRequestOptions) => ({
      id: "AQ", rawId: buf(1), type: "public-key",
      response: { clientDataJSON: buf(2), authenticatorData: buf(3), signature: buf(4), userHandle: buf(5) },
      getClientExtensionResults: () => ({}),
    }) as unknown as Credential);
    stubBrowser(get);
    vi.spyOn(api, "passkeySignInOptions").mockResolvedValue({ token: "tok", options: { challenge: "CQo", rpId: "localhost", allowCredentials: [] } });
    const signIn = vi.spyOn(api, "passkeySignIn").mockResolvedValue({ id: "me" } as MeDto);
    const signedIn = vi.fn();
    const view = render(<PasskeySignIn onSignedIn={signedIn} />);
    await act(async () => view.container.querySelector("button")!.click());
    await flush();
    const publicKey = get.mock.calls[0]![0].publicKey!;
    expect(Array.from(new Uint8Array(publicKey.challenge as ArrayBuffer))).toEqual([9, 10]);
    expect(publicKey.rpId).toBe("localhost");
    expect(signIn).toHaveBeenCalledWith("tok", expect.objectContaining({ rawId: "AQ", response: expect.objectContaining({ signature: "BA", userHandle: "BQ" }) }));
    expect(signedIn).toHaveBeenCalledWith({ id: "me" });
    view.unmount();
  });

  it("says so when the person cancels the browser's dialog", async () => {
    stubBrowser(() => Promise.reject(new DOMException("cancelled", "NotAllowedError")));
    vi.spyOn(api, "passkeySignInOptions").mockResolvedValue({ token: "tok", options: { challenge: "CQo" } });
    const signIn = vi.spyOn(api, "passkeySignIn");
    const view = render(<PasskeySignIn onSignedIn={() => undefined} />);
    await act(async () => view.container.querySelector("button")!.click());
    await flush();
    expect(view.container.querySelector("[role='alert']")!.textContent).toMatch(/cancelled or timed out/);
    expect(signIn).not.toHaveBeenCalled();
    expect(view.container.querySelector("button")!.disabled).toBe(false);
    view.unmount();
  });
});
