/**
 * WebAuthn's JSON forms (binary as base64url) to and from the browser API's ArrayBuffers: the server sends options as
 * JSON and takes the credential back as JSON (what PublicKeyCredential.toJSON gives in newer browsers).
 */

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type Json = Record<string, unknown>;
interface DescriptorJson { type: string; id: string; transports?: string[] | null }

/** Null fields left out: the browser reads null as a value and refuses some (extensions, hints). */
function withoutNulls(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

function descriptors(list: unknown): PublicKeyCredentialDescriptor[] {
  return ((list as DescriptorJson[] | null | undefined) ?? []).map((d) => ({
    type: "public-key",
    id: fromBase64Url(d.id),
    ...(d.transports ? { transports: d.transports as AuthenticatorTransport[] } : {}),
  }));
}

/** navigator.credentials.create's options from the server's JSON. */
export function creationOptions(json: Json): PublicKeyCredentialCreationOptions {
  const o = withoutNulls(json);
  const user = o.user as { id: string; name: string; displayName: string };
  return {
    ...(o as unknown as PublicKeyCredentialCreationOptions),
    challenge: fromBase64Url(o.challenge as string),
    user: { ...user, id: fromBase64Url(user.id) },
    excludeCredentials: descriptors(o.excludeCredentials),
  };
}

/** navigator.credentials.get's options from the server's JSON. */
export function requestOptions(json: Json): PublicKeyCredentialRequestOptions {
  const o = withoutNulls(json);
  return {
    ...(o as unknown as PublicKeyCredentialRequestOptions),
    challenge: fromBase64Url(o.challenge as string),
    allowCredentials: descriptors(o.allowCredentials),
  };
}

/** The credential the browser made or used, as the server reads it. */
export function credentialJson(credential: PublicKeyCredential): Json {
  const r = credential.response;
  const response: Json = { clientDataJSON: toBase64Url(r.clientDataJSON) };
  if ("attestationObject" in r) {
    const attestation = r as AuthenticatorAttestationResponse;
    response.attestationObject = toBase64Url(attestation.attestationObject);
    response.transports = attestation.getTransports?.() ?? [];
  } else {
    const assertion = r as AuthenticatorAssertionResponse;
    response.authenticatorData = toBase64Url(assertion.authenticatorData);
    response.signature = toBase64Url(assertion.signature);
    response.userHandle = assertion.userHandle ? toBase64Url(assertion.userHandle) : null;
  }
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
  };
}

/** Passkeys can be used here: the API exists (it needs a secure context: https, or localhost). */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && "PublicKeyCredential" in window && !!navigator.credentials;
}

/** What to tell the person when the browser's dialog ends without a passkey (cancelled, timed out, none here). */
export function browserRefusalText(e: unknown): string | null {
  if (!(e instanceof DOMException)) return null;
  switch (e.name) {
    case "NotAllowedError": return "No passkey was used: the request was cancelled or timed out.";
    case "InvalidStateError": return "This device already holds a passkey for your account.";
    case "SecurityError": return "Passkeys can't be used on this address (they need https, or localhost).";
    case "NotSupportedError": return "This browser or device can't make a passkey.";
    default: return e.message || "The passkey request failed.";
  }
}
