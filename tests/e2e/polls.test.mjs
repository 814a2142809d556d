// Polls, with two people: Alice asks, Bob votes; each sees the other live, and Bob's choice survives a reload.
import { test, before, after } from "node:test";
import { expect } from "./expect.mjs";
import { message, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `polls-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

test("a poll is voted in live, the vote is kept after a reload, and closing it shows Closed to everyone", async () => {
  await alice.getByRole("button", { name: "Create poll" }).click();
  const dialog = alice.getByRole("dialog", { name: "Create a poll" });
  await dialog.getByLabel("Question").fill("Lunch where?");
  await dialog.getByRole("textbox", { name: "Option 1", exact: true }).fill("Pizza");
  await dialog.getByRole("textbox", { name: "Option 2", exact: true }).fill("Sushi");
  await dialog.getByRole("button", { name: "Add an option" }).click();
  await dialog.getByRole("textbox", { name: "Option 3", exact: true }).fill("Tacos");
  await dialog.getByRole("button", { name: "Create poll" }).click();
  await expect(dialog).toHaveCount(0);

  const bobsPoll = message(bob, "Lunch where?").getByTestId("poll");
  await expect(bobsPoll.getByRole("radio")).toHaveCount(3);
  await bobsPoll.getByRole("radio", { name: /Sushi/ }).check();
  // Bob sees the results once he voted; Alice (who hasn't) sees the count live.
  await expect(bobsPoll.getByText("1 · 100%")).toBeVisible();
  const alicesPoll = message(alice, "Lunch where?").getByTestId("poll");
  await expect(alicesPoll).toContainText("1 voter");

  await bob.reload();
  await expect(bobsPoll.getByRole("radio", { name: /Sushi/ })).toBeChecked();
  await expect(bobsPoll.getByText("1 · 100%")).toBeVisible();

  await alicesPoll.getByRole("button", { name: "Close poll" }).click();
  await expect(bobsPoll.getByText("Closed", { exact: true })).toBeVisible();
  await expect(bobsPoll.getByRole("radio", { name: /Pizza/ })).toBeDisabled();
  await expect(alicesPoll.getByText("Closed", { exact: true })).toBeVisible();
});
