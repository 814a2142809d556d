// Scheduled messages: Alice schedules from the composer, sees them listed in her local time, edits one and cancels
// the other; Bob sees the edited one arrive live and after a reload, and never the cancelled one. Then one due while
// the server restarts arrives once it is back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { composer, message, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, `sched-${suffix}`, suffix)));
after(() => stopAll(browser, server, problems));

/** "Schedule message" beside Send, then one of its items. */
async function schedule(page, item) {
  await page.getByRole("button", { name: "Schedule message" }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

/** A datetime-local value `ms` from now in the browser's time zone, to the second (never :00, which the field drops). */
function localInput(page, ms) {
  return page.evaluate((ms) => {
    let d = new Date(Date.now() + ms);
    if (d.getSeconds() === 0) d = new Date(d.getTime() + 1000);
    const two = (n) => String(n).padStart(2, "0");
    const value = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    return { value, hhmm: d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) };
  }, ms);
}

async function scheduleAt(page, text, ms) {
  await composer(page).fill(text);
  await schedule(page, "Custom time…");
  const dialog = page.getByRole("dialog", { name: "Schedule message" });
  const at = await localInput(page, ms);
  await dialog.getByLabel("Send at").fill(at.value);
  await expect(dialog.getByText(`at ${at.hhmm}`, { exact: false })).toBeVisible(); // read back in words, local time
  await dialog.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(composer(page)).toHaveValue("");
  return at;
}

test("a scheduled message is listed in local time, edited, and arrives live; a cancelled one never does", async () => {
  const at = await scheduleAt(alice, "Scheduled hello", 5 * 60_000);
  await composer(alice).fill("Never sent");
  await schedule(alice, /^In 1 hour/);
  await expect(alice.getByTestId("scheduled-count")).toHaveText("2 scheduled messages");

  await alice.getByRole("button", { name: "View scheduled messages" }).click();
  const list = alice.getByRole("dialog", { name: "Scheduled messages" });
  const items = list.getByRole("listitem");
  await expect(items).toHaveCount(2);
  assert.match(await items.first().innerText(), /^Scheduled hello/); // the sooner first
  await expect(items.first().locator("time")).toContainText(`at ${at.hhmm}`);

  // Edit: new words, due in a few seconds.
  await items.first().getByRole("button", { name: "Edit", exact: true }).click();
  const editor = list.getByRole("form", { name: "Edit scheduled message" });
  await editor.getByLabel("Message").fill("Scheduled hello, edited");
  await editor.getByLabel("Send at").fill((await localInput(alice, 4000)).value);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor).toBeHidden();
  await list.getByRole("listitem").filter({ hasText: "Never sent" }).getByRole("button", { name: "Cancel message" }).click();
  await expect(list.getByRole("listitem").filter({ hasText: "Never sent" })).toHaveCount(0);

  await expect(message(bob, "Scheduled hello, edited")).toBeVisible();
  await expect(list.getByText("Nothing scheduled here.")).toBeVisible(); // sent: it left Alice's list
  await alice.keyboard.press("Escape");
  await expect(message(alice, "Scheduled hello, edited")).toBeVisible();
  await expect(alice.getByTestId("scheduled-count")).toHaveCount(0);

  await bob.reload();
  await expect(message(bob, "Scheduled hello, edited")).toHaveCount(1);
  await expect(message(bob, "Never sent")).toHaveCount(0);
});

test("a message due while the server restarts is sent once, when it is back", async () => {
  await scheduleAt(alice, "Across the restart", 4000);
  const before = problems.length;
  await server.restart();
  await message(bob, "Across the restart").waitFor({ timeout: 30_000 });
  await bob.reload();
  await expect(message(bob, "Across the restart")).toHaveCount(1);
  // The pages saw the server go away (failed requests and sockets while it was down): expected here, nowhere else.
  problems.splice(before);
});
