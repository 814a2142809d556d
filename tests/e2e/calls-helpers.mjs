// What the call tests share (issue 19): a record of the app's peer connections for getStats(), a poll that waits for
// media to arrive, and the call view's accessible parts.
import assert from "node:assert/strict";

/** An init script: every RTCPeerConnection the app makes, with its configuration (the app itself has no test hooks). */
export function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      window.__pcs.push({ pc: this, policy: config?.iceTransportPolicy ?? "all" });
    }
  };
}

/**
 * The live peer connections of a tab: state, policy, the chosen pair's type, bytes received, the audio level, and the
 * bytes received in each of the app's transceiver slots (audio, camera, screen: negotiation.ts makes them in that order).
 */
export function callStats(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const { pc, policy } of window.__pcs.filter((p) => p.pc.connectionState !== "closed")) {
      const report = await pc.getStats();
      const byId = new Map();
      report.forEach((s) => byId.set(s.id, s));
      const slotOfMid = new Map(pc.getTransceivers().map((t, i) => [t.mid, ["audio", "camera", "screen"][i]]));
      const slots = { audio: 0, camera: 0, screen: 0 };
      let bytes = 0, level = 0, local = null, remote = null;
      report.forEach((s) => {
        if (s.type === "inbound-rtp") {
          bytes += s.bytesReceived ?? 0;
          const slot = slotOfMid.get(s.mid);
          if (slot) slots[slot] += s.bytesReceived ?? 0;
        }
        if (s.type === "inbound-rtp" && s.kind === "audio") level = Math.max(level, s.audioLevel ?? 0);
        if (s.type === "transport" && s.selectedCandidatePairId) {
          const pair = byId.get(s.selectedCandidatePairId);
          local = byId.get(pair?.localCandidateId)?.candidateType ?? null;
          remote = byId.get(pair?.remoteCandidateId)?.address ?? null;
        }
      });
      out.push({ state: pc.connectionState, policy, local, remote, bytes, level, slots });
    }
    return out;
  });
}

/** Polls until `check(value)` holds (media takes a few seconds through the relay). */
export async function eventually(read, check, what, ms = 20_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > end) assert.fail(`${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const callView = (page) => page.getByRole("region", { name: "Call" });
export const tileOf = (page, name) => callView(page).getByRole("listitem", { name });
