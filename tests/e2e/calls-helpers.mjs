// What the call tests share (issue 19): a record of the app's peer connections for getStats(), a poll that waits for
// media to arrive, and the call view's accessible parts.
import assert from "node:assert/strict";
import { launchBrowser, strictPage } from "./harness.mjs";
import { toneWav } from "./fixtures.mjs";

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
 * The live peer connections of a tab: state, policy, the chosen pair's type and address, bytes received and sent, the
 * audio level, the bytes received in each of the app's mesh transceiver slots (audio, camera, screen: negotiation.ts
 * makes them in that order), the audio bytes received on each mid (an SFU subscriber's one stream per other person),
 * and whether it only sends (an SFU publisher). Ordered publisher first.
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
      const audio = {};
      let bytes = 0, sent = 0, level = 0, local = null, remote = null;
      report.forEach((s) => {
        if (s.type === "inbound-rtp") {
          bytes += s.bytesReceived ?? 0;
          const slot = slotOfMid.get(s.mid);
          if (slot) slots[slot] += s.bytesReceived ?? 0;
        }
        if (s.type === "inbound-rtp" && s.kind === "audio") {
          level = Math.max(level, s.audioLevel ?? 0);
          audio[s.mid] = s.bytesReceived ?? 0;
        }
        if (s.type === "outbound-rtp") sent += s.bytesSent ?? 0;
        if (s.type === "transport" && s.selectedCandidatePairId) {
          const pair = byId.get(s.selectedCandidatePairId);
          local = byId.get(pair?.localCandidateId)?.candidateType ?? null;
          remote = byId.get(pair?.remoteCandidateId)?.address ?? null;
        }
      });
      const role = pc.getTransceivers().every((t) => t.direction === "sendonly") ? "publisher" : "subscriber";
      out.push({ role, state: pc.connectionState, policy, local, remote, bytes, sent, level, slots, audio });
    }
    return out.sort((a, b) => a.role.localeCompare(b.role));
  });
}

/** The settings that give Parley the test's coturn. */
export const turnSettings = (turn) => ({ Parley__Calls__Turn__Urls__0: turn.url, Parley__Calls__Turn__Secret: turn.secret });

/**
 * Chromium with a tone as every tab's fake microphone (a file in the TURN server's folder) and `count` tabs, each
 * recording its peer connections; console errors and failed requests go to `problems`.
 */
export async function callTabs(turn, count, problems) {
  const wav = turn.writeFile("tone.wav", toneWav());
  const browser = await launchBrowser([`--use-file-for-fake-audio-capture=${wav}`, "--autoplay-policy=no-user-gesture-required"]);
  const pages = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(recordPeerConnections);
    pages.push(await strictPage(context, problems));
  }
  return { browser, pages };
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
