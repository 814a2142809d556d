// Pins, saved messages, edit history and jump to date, with two people: what one does the other sees live and
// after a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { act, message, nav, send, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `pins-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

/** Opens a message's "More actions" menu and picks an item. */
async function menu(page, text, item) {
  await act(page, text, "More actions");
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

test("a pin is seen live and after a reload, in the message and the Pinned panel; the edit history opens from (edited)", async () => {
  await send(alice, "Deploy on Friday");
  await expect(message(bob, "Deploy on Friday")).toBeVisible();

  await menu(alice, "Deploy on Friday", "Pin");
  const pinned = message(bob, "Deploy on Friday").getByTestId("pinned-mark");
  await expect(pinned).toHaveText("Pinned by Alice");
  await expect(message(bob, "Alice pinned a message")).toBeVisible();

  await bob.reload();
  await expect(pinned).toHaveText("Pinned by Alice");
  await bob.getByRole("button", { name: "Pinned", exact: true }).click();
  const panel = bob.getByRole("complementary", { name: "Pinned messages" });
  await expect(panel.getByRole("button", { name: /Deploy on Friday/ })).toBeVisible();
  // Bob is a plain member: no Unpin for him.
  await expect(panel.getByRole("button", { name: "Unpin" })).toHaveCount(0);

  // Alice edits; Bob opens the edit history from the "(edited)" label.
  await act(alice, "Deploy on Friday", "Edit");
  const editor = alice.getByRole("textbox", { name: "Edit message" });
  await editor.fill("Deploy on Monday");
  await editor.press("Enter");
  await expect(message(bob, "Deploy on Monday")).toContainText("(edited)");
  await message(bob, "Deploy on Monday").getByRole("button", { name: /show edit history/ }).click();
  const history = bob.getByRole("dialog", { name: "Edit history" });
  await expect(history.locator(".version-text")).toHaveCount(2);
  assert.deepEqual(await history.locator(".version-text").allInnerTexts(), ["Deploy on Friday", "Deploy on Monday"]);
  await history.press("Escape");

  // Unpinned by Alice: Bob's mark and panel follow.
  await menu(alice, "Deploy on Monday", "Unpin");
  await expect(pinned).toHaveCount(0);
  await expect(panel.getByText("No pinned messages yet.")).toBeVisible();
});

test("saved messages are listed newest first and open at the message", async () => {
  await send(alice, "The wiki lives at /docs");
  await expect(message(bob, "The wiki lives at /docs")).toBeVisible();
  await menu(bob, "The wiki lives at /docs", "Save");
  // The menu now offers to take it off the list (SavedChanged, or the answer).
  await act(bob, "The wiki lives at /docs", "More actions");
  await expect(bob.getByRole("menuitem", { name: "Remove from saved" })).toBeVisible();
  await bob.keyboard.press("Escape");
  await menu(bob, "Deploy on Monday", "Save"); // saved later: listed first
  // Saved on the server before the reload (a reload could otherwise cut the request short).
  await act(bob, "Deploy on Monday", "More actions");
  await expect(bob.getByRole("menuitem", { name: "Remove from saved" })).toBeVisible();
  await bob.keyboard.press("Escape");

  await bob.reload();
  await nav(bob).getByRole("button", { name: "Saved", exact: true }).click();
  const dialog = bob.getByRole("dialog", { name: "Saved messages" });
  await expect(dialog.locator(".mention-item-text")).toHaveCount(2);
  assert.deepEqual(await dialog.locator(".mention-item-text").allInnerTexts(), ["Deploy on Monday", "The wiki lives at /docs"]);
  await dialog.locator(".mention-item", { hasText: "The wiki lives at" }).click();
  await expect(message(bob, "The wiki lives at /docs")).toHaveClass(/flash/);
  // Private: Alice's list is empty.
  await nav(alice).getByRole("button", { name: "Saved", exact: true }).click();
  await expect(alice.getByRole("dialog", { name: "Saved messages" }).getByText("Nothing saved yet.", { exact: false })).toBeVisible();
  await alice.keyboard.press("Escape");
});

test("jump to date opens the conversation at that day's first message, far behind the latest page", async () => {
  // Enough messages that the room's start is well out of the latest page.
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName: `alice_${suffix}`, password: "a long enough password" }),
  });
  const bearer = (await login.json()).accessToken;
  const auth = { Authorization: `Bearer ${bearer}` };
  const roomId = (await (await fetch(`${server.url}/api/rooms`, { headers: auth })).json()).find((s) => s.room.name === room).room.id;
  for (let i = 0; i < 120; i += 40)
    await Promise.all(Array.from({ length: 40 }, (_, k) => fetch(`${server.url}/api/rooms/${roomId}/messages`, {
      method: "POST", headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ clientMessageId: `seed-${suffix}-${i + k}`, text: `filler ${i + k}` }),
    }).then((r) => assert.ok(r.ok, `HTTP ${r.status}`))));
  await bob.reload();
  const created = message(bob, "created the room");
  await expect(created).toHaveCount(0);

  await bob.getByRole("button", { name: "Jump", exact: true }).click();
  await bob.getByRole("menuitem", { name: "Jump to date…" }).click();
  const dialog = bob.getByRole("dialog", { name: "Jump to date" });
  // Today in the browser's time zone: the room was created today, so its first line is the first message.
  const today = await bob.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; });
  await dialog.getByLabel("Date").fill(today);
  await dialog.getByRole("button", { name: "Jump", exact: true }).click();
  await expect(created).toBeVisible();
  await expect(created).toHaveClass(/flash/);
});

test("jump to first unread (Alt+Shift+U) opens at the first message that came while away, far behind the latest page", async () => {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName: `alice_${suffix}`, password: "a long enough password" }),
  });
  const auth = { Authorization: `Bearer ${(await login.json()).accessToken}` };
  const roomId = (await (await fetch(`${server.url}/api/rooms`, { headers: auth })).json()).find((s) => s.room.name === room).room.id;
  const at = bob.url();
  await bob.goto("about:blank"); // Bob is away: nothing he could read arrives
  // He had read everything so far (two pages share one browser and only one has focus: say so through the API).
  const bobLogin = await fetch(`${server.url}/api/auth/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userName: `bob_${suffix}`, password: "a long enough password" }),
  });
  const bobAuth = { Authorization: `Bearer ${(await bobLogin.json()).accessToken}`, "Content-Type": "application/json" };
  const lastSeq = (await (await fetch(`${server.url}/api/rooms`, { headers: bobAuth })).json()).find((s) => s.room.id === roomId).room.lastSeq;
  assert.ok((await fetch(`${server.url}/api/rooms/${roomId}/read`, { method: "POST", headers: bobAuth, body: JSON.stringify({ seq: lastSeq }) })).ok);
  const post = (text, i) => fetch(`${server.url}/api/rooms/${roomId}/messages`, {
    method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ clientMessageId: `away-${suffix}-${i}`, text }),
  }).then((r) => assert.ok(r.ok, `HTTP ${r.status}`));
  await post("first while you were away", 0);
  for (let i = 1; i <= 80; i += 40) await Promise.all(Array.from({ length: 40 }, (_, k) => post(`later ${i + k}`, i + k)));

  await bob.goto(at);
  await expect(message(bob, "later 80")).toBeVisible();
  const first = message(bob, "first while you were away");
  await expect(first).toHaveCount(0);
  await bob.keyboard.press("Alt+Shift+U");
  await expect(first).toBeVisible();
  await expect(first).toHaveClass(/flash/);
});
