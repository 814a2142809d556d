// A call of five through the media server (issue 19, sfu): Parley with a Janus of the test's own (janus.mjs) and a
// coturn that relays from this host's own address (Janus can't do ICE on loopback; packets between the host's own
// addresses go through `lo`, so nothing leaves the machine). Five people in a room call with Chromium's fake
// microphone (a tone), relay-only: past the mesh's four, so it can only work through Janus. Each tab has two
// connections (publishing, receiving) and receives the other four's audio; each sees five tiles and the other four
// speaking (the speaking ring comes from the received audio's level, by the stream each mid carries). Voice only, to
// stay light on a small machine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, artifacts, provider } from "./harness.mjs";
import { startTurn } from "./turn.mjs";
import { hostIp, startJanus } from "./janus.mjs";
import { expect } from "./expect.mjs";
import { signUp, createRoom, joinRoom, message } from "./ui.mjs";
import { callTabs, turnSettings, callStats, eventually, callView, tileOf } from "./calls-helpers.mjs";

const ip = hostIp();
const skip = ip ? false : "this host has no non-loopback IPv4 address, and Janus can't do ICE on loopback";
const suffix = Math.random().toString(36).slice(2, 7);
const names = ["Alice", "Bob", "Carol", "Dave", "Erin"];
let turn, janus, server, browser, passed = false;
const pages = {};
const problems = [];

before(async () => {
  if (skip) return;
  turn = await startTurn({ relayIp: ip });
  janus = await startJanus(ip);
  server = await startServer({ ...turnSettings(turn), ...janus.env });
  let tabs;
  ({ browser, pages: tabs } = await callTabs(turn, names.length, problems));
  names.forEach((name, i) => { pages[name] = tabs[i]; });
});
after(async () => {
  // A failure keeps what the server and Janus said, for the next person to read.
  if (!skip && !passed) {
    if (server) writeFileSync(join(artifacts, `${provider}-calls-sfu-server.log`), server.log.join(""));
    if (janus) writeFileSync(join(artifacts, `${provider}-calls-sfu-janus.log`), janus.log.join(""));
  }
  await browser?.close();
  await server?.stop();
  await janus?.stop();
  await turn?.stop();
});

// Relay-only, through the test's coturn, to Janus on this host's address.
const throughRelay = (pc) => pc.state === "connected" && pc.policy === "relay" && pc.local === "relay" && pc.remote === ip;
const twoThroughRelay = (l) => l.length === 2 && l[0].role === "publisher" && l[1].role === "subscriber" && l.every(throughRelay);

test("five people in a room call through the media server: each receives the other four and sees them speaking", { skip }, async () => {
  const room = `townhall-${suffix}`;
  for (const name of names) {
    const page = pages[name];
    await signUp(page, server.url, `${name.toLowerCase()}_${suffix}`, name);
    await page.evaluate(() => localStorage.setItem("parley.calls.iceTransportPolicy", "relay"));
  }
  await createRoom(pages.Alice, room);
  for (const name of names.slice(1)) await joinRoom(pages[name], room);

  // Alice starts; the other four join from the banner, one after the other (the fifth is past the mesh's cap).
  await pages.Alice.getByRole("button", { name: "Start a voice call" }).click();
  await expect(callView(pages.Alice)).toBeVisible();
  for (const [i, name] of names.slice(1).entries()) {
    const banner = pages[name].getByRole("status", { name: "Call in progress" });
    await expect(banner).toContainText(`Call in progress · ${i + 1} ${i === 0 ? "person" : "people"}`);
    await banner.getByRole("button", { name: "Join" }).click();
    await expect(callView(pages[name])).toBeVisible();
  }

  // Every tab: a publisher and a subscriber connection through the relay, the subscriber receiving four audio streams.
  const first = {};
  for (const name of names) {
    first[name] = await eventually(() => callStats(pages[name]),
      (l) => twoThroughRelay(l) && Object.values(l[1].audio).filter((b) => b > 0).length === 4,
      `${name} publishes and receives four audio streams through the relay`, 40_000);
  }
  // ... each of them growing (the others keep talking), while what this tab sends grows too.
  for (const name of names) {
    await eventually(() => callStats(pages[name]),
      (l) => twoThroughRelay(l) && l[0].sent > first[name][0].sent + 2000
        && Object.entries(l[1].audio).filter(([mid, b]) => b > (first[name][1].audio[mid] ?? 0) + 2000).length === 4,
      `${name} receives growing audio from all four others`);
  }

  // What each person sees: five tiles, everyone in the call, and the other four speaking (their tone is heard).
  for (const name of names) {
    const page = pages[name];
    await expect(callView(page).getByRole("status")).toHaveText("In call");
    await expect(callView(page).getByRole("list", { name: "Participants in the call" }).getByRole("listitem")).toHaveCount(5);
    for (const other of names.filter((o) => o !== name)) {
      await expect(tileOf(page, other)).toHaveAttribute("data-state", "joined");
      await expect(tileOf(page, other)).toContainText("speaking");
    }
  }
  await pages.Erin.screenshot({ path: join(artifacts, `${provider}-calls-sfu.png`) });

  // Alice ends it for everyone: every tab closes both connections.
  await callView(pages.Alice).getByRole("button", { name: "Participants" }).click();
  await callView(pages.Alice).getByRole("button", { name: "End call for everyone" }).click();
  for (const name of names) {
    await expect(callView(pages[name])).toBeHidden();
    await expect(message(pages[name], "Call ended ·")).toBeVisible();
    await eventually(() => callStats(pages[name]), (l) => l.length === 0, `${name}'s connections are closed`);
  }
  passed = true;
});

test("nothing failed in any tab", { skip }, () => {
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
