/**
 * The ICE transport policy for calls: "all" (direct where peers reach each other, TURN otherwise), or "relay" to send
 * every packet through the TURN server (hides the device's addresses; the e2e tests use it to stay on loopback).
 * Kept per browser in localStorage under this key.
 */
export const ICE_POLICY_KEY = "parley.calls.iceTransportPolicy";

export function iceTransportPolicy(): RTCIceTransportPolicy {
  try {
    return localStorage.getItem(ICE_POLICY_KEY) === "relay" ? "relay" : "all";
  } catch {
    return "all";
  }
}
