// The server goes down while Alice keeps typing and sending; it comes back on the same database.
// Afterwards both timelines are complete, in seq order and free of duplicates.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { signUp, createRoom, joinRoom, send, message, messages } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
let server, browser, alice, bob;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await strictPage(await browser.newContext(), []);
  bob = await strictPage(await browser.newContext(), []);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function timeline(page) {
  const rows = messages(page).locator("article:not([data-system='true'])");
  return rows.evaluateAll((els) => els.map((e) => ({
    seq: Number(e.getAttribute("data-seq")),
    pending: e.getAttribute("data-pending") === "true",
    failed: e.getAttribute("data-failed") === "true",
    text: e.innerText,
  })));
}

test("messages sent while the server restarts arrive once, in order, on both sides", async () => {
  await signUp(alice, server.url, `alice_${suffix}`, "Alice");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  await createRoom(alice, `ops-${suffix}`);
  await joinRoom(bob, `ops-${suffix}`);
  await send(alice, "before the restart");
  await expect(message(bob, "before the restart")).toBeVisible();

  await server.stopOnly();
  await expect(alice.getByRole("status").filter({ hasText: /Reconnecting|Offline/ }).first()).toBeVisible();
  for (const n of [1, 2, 3]) await send(alice, `sent while down ${n}`);
  await expect(message(alice, "sent while down 3")).toBeVisible(); // optimistic: shown at once

  await server.start();
  for (const n of [1, 2, 3]) await expect(message(bob, `sent while down ${n}`)).toBeVisible();
  await send(bob, "after the restart");
  await expect(message(alice, "after the restart")).toBeVisible();

  // Let the last acks land, then compare.
  await new Promise((r) => setTimeout(r, 1000));
  const a = await timeline(alice);
  const b = await timeline(bob);
  for (const [who, rows] of [["alice", a], ["bob", b]]) {
    assert.ok(rows.every((r) => !r.pending && !r.failed), `${who}: nothing left pending or failed`);
    const seqs = rows.map((r) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), `${who}: in seq order`);
    assert.equal(new Set(seqs).size, seqs.length, `${who}: no duplicates`);
  }
  const texts = (rows) => rows.map((r) => r.text.match(/before the restart|sent while down \d|after the restart/)?.[0]).filter(Boolean);
  const expected = ["before the restart", "sent while down 1", "sent while down 2", "sent while down 3", "after the restart"];
  assert.deepEqual(texts(a), expected);
  assert.deepEqual(texts(b), expected);
});
