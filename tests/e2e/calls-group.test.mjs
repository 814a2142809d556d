// Group calls and screen sharing through the real app (issue 19), relay-only through a coturn of the test's own on
// 127.0.0.1, with Chromium's fake microphone (a tone) and fake screen (its --use-fake-ui-for-media-stream answers
// getDisplayMedia headless with a synthetic 1280×720 "screen"). Alice, Bob and Carol call in a room: a mesh where each
// tab has two connected peer connections and hears both others. Then in a 1:1 DM call Alice shares her screen: Bob
// receives video in the screen transceiver, his tile of Alice plays it, and the participants list says she's sharing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, artifacts, provider } from "./harness.mjs";
import { startTurn } from "./turn.mjs";
import { expect } from "./expect.mjs";
import { signUp, createRoom, joinRoom, startDm, send, message, conversationLink, openConversation } from "./ui.mjs";
import { callTabs, turnSettings, callStats, eventually, callView, tileOf } from "./calls-helpers.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
let turn, server, browser, alice, bob, carol;
const problems = [];

before(async () => {
  turn = await startTurn();
  server = await startServer(turnSettings(turn));
  let pages;
  ({ browser, pages } = await callTabs(turn, 3, problems));
  [alice, bob, carol] = pages;
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await turn?.stop();
});

const people = () => [["Alice", alice], ["Bob", bob], ["Carol", carol]];
const throughRelay = (pc) => pc.state === "connected" && pc.policy === "relay" && pc.local === "relay" && pc.remote === "127.0.0.1";

test("Alice, Bob and Carol call in a room: each has two connections through the relay and hears both others", async () => {
  const room = `huddle-${suffix}`;
  for (const [name, page] of people()) {
    await signUp(page, server.url, `${name.toLowerCase()}_${suffix}`, name);
    await page.evaluate(() => localStorage.setItem("parley.calls.iceTransportPolicy", "relay"));
  }
  await createRoom(alice, room);
  await joinRoom(bob, room);
  await joinRoom(carol, room);

  // A room call rings nobody: the others see the live banner and join from it, one after the other.
  await alice.getByRole("button", { name: "Start a voice call" }).click();
  await expect(callView(alice)).toBeVisible();
  for (const [n, page] of [[2, bob], [3, carol]]) {
    const banner = page.getByRole("status", { name: "Call in progress" });
    await expect(banner).toContainText(`Call in progress · ${n - 1} ${n === 2 ? "person" : "people"}`);
    await banner.getByRole("button", { name: "Join" }).click();
    await expect(callView(page)).toBeVisible();
    await expect(banner).toBeHidden();
  }

  // Every tab: two peer connections (one per other person), both through the relay on loopback.
  const first = {};
  for (const [name, page] of people()) {
    first[name] = await eventually(() => callStats(page), (l) => l.length === 2 && l.every(throughRelay),
      `${name} has two connections through the relay`);
  }
  // ... and each carries the other person's audio: bytes growing on both, with a level above zero.
  for (const [name, page] of people()) {
    await eventually(() => callStats(page),
      (l) => l.length === 2 && l.every(throughRelay) && l.every((pc, i) => pc.slots.audio > first[name][i].slots.audio + 2000 && pc.level > 0),
      `${name} receives growing audio from both others`);
  }
  for (const [name, page] of people()) {
    await expect(callView(page).getByRole("status")).toHaveText("In call");
    for (const [other] of people().filter(([o]) => o !== name)) {
      await expect(tileOf(page, other)).toHaveAttribute("data-state", "joined");
    }
  }
  await carol.screenshot({ path: join(artifacts, `${provider}-calls-group.png`) });

  // The starter ends it for everyone; the line names who was in it.
  await callView(alice).getByRole("button", { name: "Participants" }).click();
  await callView(alice).getByRole("button", { name: "End call for everyone" }).click();
  for (const [name, page] of people()) {
    await expect(callView(page)).toBeHidden();
    await expect(message(page, "Call ended ·")).toContainText("Alice, Bob and Carol");
    await eventually(() => callStats(page), (l) => l.length === 0, `${name}'s connections are closed`);
  }
});

test("Alice shares her screen in a 1:1 call: Bob receives it as video in the screen slot and sees that she's sharing", async () => {
  await startDm(alice, "Bob");
  await send(alice, "let me show you something");
  await expect(conversationLink(bob, "Alice")).toBeVisible();
  await openConversation(bob, "Alice");
  await alice.getByRole("button", { name: "Start a voice call" }).click();
  const ringing = bob.getByRole("dialog", { name: "Incoming call from Alice" });
  await expect(ringing).toBeVisible();
  await ringing.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(callView(bob)).toBeVisible();
  const connected = await eventually(() => callStats(bob), (l) => l.length === 1 && throughRelay(l[0]), "Bob connects through the relay");
  assert.equal(connected[0].slots.screen, 0, "no screen before she shares");

  const share = callView(alice).getByRole("button", { name: "Share screen" });
  await share.click();
  await expect(share).toHaveAttribute("aria-pressed", "true");

  // The screen's video arrives in the third transceiver (the screen slot), and keeps arriving.
  const started = await eventually(() => callStats(bob), (l) => l.length === 1 && l[0].slots.screen > 0, "Bob receives the screen");
  await eventually(() => callStats(bob), (l) => l.length === 1 && throughRelay(l[0]) && l[0].slots.screen > started[0].slots.screen + 20_000,
    "Bob's screen bytes grow");
  assert.equal(started[0].slots.camera, 0, "her camera stays off: the video is the screen");

  // Bob's tile of Alice plays it (a video with frames), and the participants list says she's sharing.
  const video = tileOf(bob, "Alice").locator("video");
  await eventually(() => video.evaluate((v) => ({ width: v.videoWidth, height: v.videoHeight, playing: !v.paused })).catch((e) => e.message),
    (v) => v.width > 0 && v.height > 0 && v.playing, "Bob's tile of Alice plays her screen");
  await callView(bob).getByRole("button", { name: "Participants" }).click();
  const list = callView(bob).getByRole("complementary", { name: "Participants" });
  await expect(list.getByRole("listitem").filter({ hasText: "Alice" })).toContainText("In the call · sharing");
  await bob.screenshot({ path: join(artifacts, `${provider}-calls-screen-received.png`) });

  // She stops: his tile goes back to her avatar and the list no longer says so.
  await share.click();
  await expect(share).toHaveAttribute("aria-pressed", "false");
  await expect(video).toHaveCount(0);
  await expect(list.getByRole("listitem").filter({ hasText: "Alice" })).not.toContainText("sharing");

  await callView(alice).getByRole("button", { name: "Leave call" }).click();
  await expect(callView(alice)).toBeHidden();
  await expect(callView(bob)).toBeHidden();
});

test("nothing failed in any tab", () => {
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
