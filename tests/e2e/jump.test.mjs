// Jumping to a message far back in a busy room: the client loads a window around it (not page after page from the
// latest), highlights it, and "Jump to latest" brings the newest messages back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { message, messages, nav, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `busy-${suffix}`;
const TOTAL = 600;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

/** Alice's bearer token (the REST API, as a script would use it). */
async function token() {
  const r = await fetch(`${server.url}/api/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName: `alice_${suffix}`, password: "a long enough password" }),
  });
  assert.equal(r.status, 200);
  return (await r.json()).accessToken;
}

/** Alice posts `TOTAL` messages; the 5th mentions Bob. */
async function seed(roomId, bearer) {
  const post = async (i) => {
    const text = i === 5 ? `the old plan, @bob_${suffix} have a look` : `message number ${i}`;
    const r = await fetch(`${server.url}/api/rooms/${roomId}/messages`, {
      method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ clientMessageId: `seed-${suffix}-${i}`, text }),
    });
    assert.ok(r.ok, `message ${i}: HTTP ${r.status}`);
  };
  // The first five in order (the 5th is the mention), the rest 50 at a time: their order does not matter.
  for (let i = 1; i <= 5; i++) await post(i);
  for (let i = 6; i <= TOTAL; i += 50) await Promise.all(Array.from({ length: Math.min(50, TOTAL - i + 1) }, (_, k) => post(i + k)));
  await post(TOTAL + 1);
}

test("a mention far back in a busy room: the jump shows it highlighted, and Jump to latest brings back the newest", async () => {
  const bearer = await token();
  const rooms = await (await fetch(`${server.url}/api/rooms`, { headers: { Authorization: `Bearer ${bearer}` } })).json();
  const roomId = rooms.find((s) => s.room.name === room).room.id;
  await seed(roomId, bearer);
  const newest = `message number ${TOTAL + 1}`;

  // Bob comes back later: the room opens at its latest page (watching live, he would hold every message).
  await bob.reload();
  await expect(message(bob, newest)).toBeVisible();
  await expect(message(bob, "message number 500")).toHaveCount(0);
  const pages = [];
  bob.on("request", (r) => { if (r.url().includes(`/api/rooms/${roomId}/messages?`)) pages.push(new URL(r.url()).search); });

  await nav(bob).getByRole("button", { name: "Mentions" }).click();
  const dialog = bob.getByRole("dialog", { name: "Mentions" });
  await dialog.getByRole("list", { name: "Recent mentions" }).getByRole("button", { name: /the old plan/ }).click();

  const target = message(bob, "the old plan");
  await expect(target).toBeVisible();
  await expect(target).toHaveClass(/flash/);
  await expect(message(bob, newest)).toHaveCount(0);
  // A window around the message, not page after page back from the latest.
  assert.ok(pages.filter((p) => p.includes("before=")).length <= 2, `pages asked for: ${pages.join(" ")}`);
  assert.ok(pages.some((p) => p.includes("after=")), `pages asked for: ${pages.join(" ")}`);

  const jump = bob.getByRole("button", { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  await jump.click();
  await expect(message(bob, newest)).toBeVisible();
  await expect(message(bob, "the old plan")).toHaveCount(0);
  await expect(jump).toBeHidden();
  // Bob's timeline is live again: a new message shows at the bottom.
  await fetch(`${server.url}/api/rooms/${roomId}/messages`, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ clientMessageId: `seed-${suffix}-live`, text: "and one more, live" }),
  });
  await expect(message(bob, "and one more, live")).toBeVisible();

  // Jump back again and scroll down: newer pages load until the window joins the latest, with no hole in between.
  await nav(bob).getByRole("button", { name: "Mentions" }).click();
  await dialog.getByRole("list", { name: "Recent mentions" }).getByRole("button", { name: /the old plan/ }).click();
  await expect(target).toBeVisible();
  await expect(jump).toBeVisible();
  const live = message(bob, "and one more, live");
  for (let i = 0; i < 100 && !(await live.isVisible()); i++) {
    await messages(bob).evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await new Promise((r) => setTimeout(r, 100));
  }
  await expect(live).toBeVisible();
  await expect(jump).toBeHidden();
  await expect(messages(bob).locator("article", { hasText: /message number \d+/ })).toHaveCount(TOTAL);
});
