// A room ban through the real app (issue 17): the room's owner bans a member with a reason, finds them under
// "Banned people" in the room settings, lifts the ban, and the person can join again. Steps share one server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launchBrowser, strictPage, artifacts, provider } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { signUp, createRoom, joinRoom, message, conversationLink } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `den-${suffix}`;
let server, browser, olga, bob;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const page = async () => strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
  [olga, bob] = [await page(), await page()];
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the owner bans Bob with a reason; his open tab says so and loses the room", async () => {
  await signUp(olga, server.url, `olga_${suffix}`, "Olga");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  await createRoom(olga, room);
  await joinRoom(bob, room);
  await expect(message(olga, "Bob joined")).toBeVisible();

  const panel = olga.getByRole("complementary", { name: "Members" });
  if (!(await panel.isVisible())) await olga.getByRole("button", { name: /^Members/ }).click();
  await panel.getByRole("button", { name: "Moderate Bob" }).click();
  await olga.getByRole("menuitem", { name: "Ban…" }).click();
  const ban = olga.getByRole("dialog", { name: "Ban Bob" });
  await ban.getByLabel("Reason (optional)").fill("posting spam links");
  await ban.getByRole("button", { name: "Ban", exact: true }).click();
  await expect(ban).toBeHidden();

  await expect(bob.getByRole("alert").filter({ hasText: `You were banned from #${room}: posting spam links` })).toBeVisible();
  await expect(conversationLink(bob, room)).toHaveCount(0);
  await expect(message(olga, "Bob was banned by Olga")).toBeVisible();
});

test("the owner finds Bob under \"Banned people\", lifts the ban, and Bob joins again", async () => {
  await olga.getByRole("button", { name: "Room settings" }).click();
  const settings = olga.getByRole("dialog", { name: "Room settings" });
  await settings.getByRole("tab", { name: "Banned people" }).click();
  const entry = settings.getByRole("listitem", { name: "Bob" });
  await expect(entry).toContainText("Reason: posting spam links");
  await expect(entry).toContainText("Banned by Olga");
  await expect(entry).toContainText("until lifted");
  await olga.screenshot({ path: join(artifacts, `${provider}-bans-list.png`) });

  await entry.getByRole("button", { name: "Lift ban on Bob" }).click();
  const confirm = olga.getByRole("dialog", { name: "Lift ban on Bob" });
  await confirm.getByRole("button", { name: "Lift ban", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(entry).toHaveCount(0);
  await expect(settings.getByText("Nobody is banned from this room.")).toBeVisible();
  await settings.getByRole("button", { name: "Close" }).click();
  await expect(settings).toBeHidden();

  await joinRoom(bob, room);
  await expect(message(olga, "Bob joined")).toHaveCount(2);
});

test("nothing failed in any tab", () => {
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
