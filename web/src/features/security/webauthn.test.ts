import { describe, expect, it } from "vitest";
import { browserRefusalText, creationOptions, credentialJson, fromBase64Url, requestOptions, toBase64Url } from "./webauthn";

describe("base64url", () => {
  it("round-trips every byte, without padding or + and /", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = toBase64Url(all);
    expect(text).not.toMatch(/[+/=]/);
    expect(Array.from(fromBase64Url(text))).toEqual(Array.from(all));
    for (const n of [0, 1, 2, 3, 4, 5]) expect(Array.from(fromBase64Url(toBase64Url(all.slice(0, n))))).toEqual(Array.from(all.slice(0, n)));
  });

  it("decodes the RFC 4648 form", () => {
    expect(new TextDecoder().decode(fromBase64Url("Zm9vYmE"))).toBe("fooba");
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe("-_8");
  });
});

describe("options", () => {
  it("turns the server's creation options into the browser's, binary decoded and nulls left out", () => {
    const o = creationOptions({
      rp: { id: "localhost", name: "Parley" },
      user: { id: "AQID", name: "alice", displayName: "Alice" },
      challenge: "BAUG",
      pubKeyCredParams: [{ type: "public-key", alg: -7 }],
      timeout: 300000,
      attestation: "none",
      authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
      excludeCredentials: [{ type: "public-key", id: "Bwg", transports: ["internal"] }],
      extensions: null,
      hints: null,
    });
    expect(Array.from(new Uint8Array(o.challenge as ArrayBuffer))).toEqual([4, 5, 6]);
    expect(Array.from(new Uint8Array(o.user.id as ArrayBuffer))).toEqual([1, 2, 3]);
    expect(o.user.name).toBe("alice");
    expect(o.excludeCredentials?.map((d) => Array.from(new Uint8Array(d.id as ArrayBuffer)))).toEqual([[7, 8]]);
    expect(o.excludeCredentials?.[0]?.transports).toEqual(["internal"]);
    expect("extensions" in o).toBe(false);
    expect("hints" in o).toBe(false);
  });

  it("turns the server's request options into the browser's, with an empty allow list for discoverable passkeys", () => {
    const o = requestOptions({ challenge: "CQo", rpId: "localhost", allowCredentials: [], userVerification: "preferred", timeout: 1 });
    expect(Array.from(new Uint8Array(o.challenge as ArrayBuffer))).toEqual([9, 10]);
    expect(o.allowCredentials).toEqual([]);
    expect(o.rpId).toBe("localhost");
  });
});

describe("credentialJson", () => {
  const buf = (...b: number[]) => new Uint8Array(b).buffer;

  it("writes an attestation with its transports", () => {
    const json = credentialJson({
      id: "AQ", rawId: buf(1), type: "public-key",
      response: { clientDataJSON: buf(2), attestationObject: buf(3), getTransports: () => ["internal"] },
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
    } as unknown as PublicKeyCredential);
    expect(json).toEqual({
      id: "AQ", rawId: "AQ", type: "public-key",
      response: { clientDataJSON: "Ag", attestationObject: "Aw", transports: ["internal"] },
      clientExtensionResults: { credProps: { rk: true } },
    });
  });

  it("writes an assertion with its user handle", () => {
    const json = credentialJson({
      id: "AQ", rawId: buf(1), type: "public-key",
      response: { clientDataJSON: buf(2), authenticatorData: buf(4), signature: buf(5), userHandle: buf(6) },
      getClientExtensionResults: () => ({}),
    } as unknown as PublicKeyCredential);
    expect(json.response).toEqual({ clientDataJSON: "Ag", authenticatorData: "BA", signature: "BQ", userHandle: "Bg" });
  });
});

describe("browserRefusalText", () => {
  it("explains a cancelled dialog and leaves other errors to the caller", () => {
    expect(browserRefusalText(new DOMException("x", "NotAllowedError"))).toMatch(/cancelled/);
    expect(browserRefusalText(new Error("boom"))).toBeNull();
  });
});
