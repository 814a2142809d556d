// Voice calls in a DM through the real app (issue 19): relay-only through a coturn of the test's own on 127.0.0.1,
// with Chromium's fake microphone playing a tone. Alice calls, Bob's dialog rings, he accepts; both connect through
// the relay, receive the other's audio (bytes grow, the audio level is above zero), see each other's mute, and both
// see the call end when Alice hangs up. A second call Bob declines leaves "Missed call from Alice" in the timeline.
// A TURN credential past its expiry gets a 401 from coturn and no relay candidate.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { startServer, artifacts, provider } from "./harness.mjs";
import { startTurn } from "./turn.mjs";
import { expect } from "./expect.mjs";
import { signUp, startDm, send, message, conversationLink, openConversation } from "./ui.mjs";
import { callTabs, turnSettings, callStats, eventually, callView, tileOf } from "./calls-helpers.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
let turn, server, browser, alice, bob;
const problems = [];

before(async () => {
  turn = await startTurn();
  server = await startServer(turnSettings(turn));
  let pages;
  ({ browser, pages } = await callTabs(turn, 2, problems));
  [alice, bob] = pages;
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await turn?.stop();
});

test("Alice calls Bob in their DM: it rings, he accepts, audio flows both ways through the relay, mute shows, hang-up ends it", async () => {
  await signUp(alice, server.url, `alice_${suffix}`, "Alice");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  for (const p of [alice, bob]) await p.evaluate(() => localStorage.setItem("parley.calls.iceTransportPolicy", "relay"));
  await startDm(alice, "Bob");
  await send(alice, "hi Bob, calling you");
  await expect(conversationLink(bob, "Alice")).toBeVisible();
  await openConversation(bob, "Alice");

  await alice.getByRole("button", { name: "Start a voice call" }).click();
  await expect(callView(alice)).toBeVisible();
  await expect(tileOf(alice, "Bob")).toContainText("Ringing…");

  const ringing = bob.getByRole("dialog", { name: "Incoming call from Alice" });
  await expect(ringing).toBeVisible();
  await bob.screenshot({ path: join(artifacts, `${provider}-calls-incoming.png`) });
  await ringing.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(ringing).toBeHidden();
  await expect(callView(bob)).toBeVisible();

  // Connected on both sides, relay only (the TURN server on 127.0.0.1), with the other's audio arriving and playing.
  const connected = (list) => list.length === 1 && list[0].state === "connected" && list[0].policy === "relay" && list[0].local === "relay";
  const first = {};
  for (const [name, page] of [["alice", alice], ["bob", bob]]) {
    first[name] = await eventually(() => callStats(page), connected, `${name} connects through the relay`);
    assert.equal(first[name][0].remote, "127.0.0.1", `${name}'s media stays on loopback`);
  }
  for (const [name, page] of [["alice", alice], ["bob", bob]]) {
    await eventually(() => callStats(page), (l) => connected(l) && l[0].bytes > first[name][0].bytes + 2000 && l[0].level > 0,
      `${name} receives growing audio with a level above zero`);
  }
  await expect(callView(alice).getByRole("status")).toHaveText("In call");
  await alice.screenshot({ path: join(artifacts, `${provider}-calls-in-call.png`) });

  const mute = callView(alice).getByRole("button", { name: "Mute" });
  await mute.click();
  await expect(mute).toHaveAttribute("aria-pressed", "true");
  await expect(tileOf(bob, "Alice").getByRole("img", { name: "Muted" })).toBeVisible();
  await expect(tileOf(bob, "Bob").getByRole("img", { name: "Muted" })).toHaveCount(0);

  await callView(alice).getByRole("button", { name: "Leave call" }).click();
  await expect(callView(alice)).toBeHidden();
  await expect(callView(bob)).toBeHidden();
  await expect(bob.getByRole("status").filter({ hasText: "Call ended" })).toBeVisible();
  await expect(message(alice, "Call ended")).toBeVisible();
  await expect(message(bob, "Call ended")).toBeVisible();
  await eventually(() => callStats(alice), (l) => l.length === 0, "Alice's connection is closed");
});

test("Bob declines a second call: the ringing stops and the timeline says \"Missed call from Alice\"", async () => {
  await alice.getByRole("button", { name: "Start a voice call" }).click();
  await expect(callView(alice)).toBeVisible();
  const ringing = bob.getByRole("dialog", { name: "Incoming call from Alice" });
  await expect(ringing).toBeVisible();
  await ringing.getByRole("button", { name: "Decline" }).click();
  await expect(ringing).toBeHidden();
  await expect(callView(alice)).toBeHidden();
  await expect(message(alice, "Missed call from Alice")).toBeVisible();
  await expect(message(bob, "Missed call from Alice")).toBeVisible();
});

test("an expired TURN credential gets no relay: coturn refuses it (401) and nothing connects", async () => {
  const username = `${Math.floor(Date.now() / 1000) - 60}:expired-user`;
  const credential = createHmac("sha1", turn.secret).update(username).digest("base64");
  const result = await alice.evaluate(async ({ url, username, credential }) => {
    const pc = new RTCPeerConnection({ iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: "relay" });
    const errors = [];
    const candidates = [];
    pc.onicecandidateerror = (e) => errors.push(e.errorCode);
    pc.onicecandidate = (e) => e.candidate && candidates.push(e.candidate.type);
    const done = new Promise((ok) => { pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && ok(); });
    pc.createDataChannel("probe");
    await pc.setLocalDescription();
    await done;
    const state = pc.connectionState;
    pc.close();
    return { errors, candidates, state };
  }, { url: turn.url, username, credential });
  assert.ok(result.errors.includes(401), `a 401 from coturn: ${JSON.stringify(result)}`);
  assert.deepEqual(result.candidates, [], "no relay candidate");
  assert.notEqual(result.state, "connected");
});

test("nothing failed in any tab", () => {
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
