// Search through the real app (issue 18): a part of a word finds an old message in a busy room, highlighted in the
// result; opening it shows that message in its timeline; from: narrows the results; a mistyped operator gets the
// server's sentence under the box.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { message, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `archive-${suffix}`;
const TOTAL = 600;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

/** A bearer token (the REST API, as a script would use it). */
async function token(userName) {
  const r = await fetch(`${server.url}/api/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName, password: "a long enough password" }),
  });
  assert.equal(r.status, 200);
  return (await r.json()).accessToken;
}

async function post(roomId, bearer, id, text) {
  const r = await fetch(`${server.url}/api/rooms/${roomId}/messages`, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ clientMessageId: `seed-${suffix}-${id}`, text }),
  });
  assert.ok(r.ok, `message ${id}: HTTP ${r.status}`);
}

/** Alice posts `TOTAL` messages, the 5th with the quixotic plan; then Bob writes of it too, and Alice once more. */
async function seed(roomId, aliceBearer, bobBearer) {
  const text = (i) => (i === 5 ? "the quixotic-plan from long ago" : `message number ${i}`);
  for (let i = 1; i <= 5; i++) await post(roomId, aliceBearer, i, text(i));
  for (let i = 6; i <= TOTAL; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, TOTAL - i + 1) }, (_, k) => post(roomId, aliceBearer, i + k, text(i + k))));
  }
  await post(roomId, bobBearer, "bob", "still thinking about that quixotic idea");
  await post(roomId, aliceBearer, "last", "the newest message");
}

test("a part of a word finds an old message, opening it shows it in the timeline; from: narrows; a typo is explained", async () => {
  const [aliceBearer, bobBearer] = [await token(`alice_${suffix}`), await token(`bob_${suffix}`)];
  const rooms = await (await fetch(`${server.url}/api/rooms`, { headers: { Authorization: `Bearer ${aliceBearer}` } })).json();
  const roomId = rooms.find((s) => s.room.name === room).room.id;
  await seed(roomId, aliceBearer, bobBearer);

  // Bob comes back later: the room opens at its latest page, far from the plan.
  await bob.reload();
  await expect(message(bob, "the newest message")).toBeVisible();
  await expect(message(bob, "quixotic-plan")).toHaveCount(0);

  const dialog = bob.getByRole("dialog", { name: "Search" });
  const box = dialog.getByRole("combobox", { name: "Search" });
  const results = dialog.getByRole("listbox", { name: "Messages found" }).getByRole("option");
  await bob.getByRole("button", { name: "Search", exact: true }).click();
  await box.fill("xotic");
  await box.press("Enter");
  // Both messages, newest first, each with the typed part highlighted (a <mark>, not escaped text).
  await expect(results).toHaveCount(2);
  await expect(results.nth(0)).toContainText("still thinking about that quixotic idea");
  await expect(results.nth(1)).toContainText("the quixotic-plan from long ago");
  await expect(results.nth(1)).toContainText(`in #${room}`);
  await expect(results.nth(1).locator("mark")).toHaveText("xotic");
  await expect(results.nth(0).locator("mark")).toHaveText("xotic");

  // The arrow moves to the old one; Enter opens it: the timeline shows it highlighted, not the latest page.
  await box.press("ArrowDown");
  await expect(results.nth(1)).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(dialog).toBeHidden();
  const target = message(bob, "the quixotic-plan from long ago");
  await expect(target).toBeVisible();
  await expect(target).toHaveClass(/flash/);
  await expect(message(bob, "the newest message")).toHaveCount(0);

  // from: narrows to what Bob wrote.
  await bob.getByRole("button", { name: "Search", exact: true }).click();
  await box.fill(`xotic from:@bob_${suffix}`);
  await box.press("Enter");
  await expect(results).toHaveCount(1);
  await expect(results.nth(0)).toContainText("still thinking about that quixotic idea");
  await expect(results.nth(0)).toContainText("Bob");

  // An unknown operator: the server's sentence shows under the box, and no results.
  await box.fill("form:bob xotic");
  await box.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText(`Unknown operator "form:". Did you mean "from:"?`);
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(results).toHaveCount(0);
});
