// Custom emoji, with two people: Alice (the server's first account, so its owner) adds one in "Custom emoji"; Bob,
// open all along, finds it in his picker live, reacts with it and writes it; both see its picture in the message and
// the reaction, live and after a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { portraitPng } from "./fixtures.mjs";
import { act, aliceAndBobInARoom, loaded, message, send, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, `emoji-${suffix}`, suffix)));
after(() => stopAll(browser, server, problems));

test("an emoji Alice adds reaches Bob's picker live; his reaction and his :name: show its picture to both, after a reload too", async () => {
  await send(alice, "Release is out");
  await expect(message(bob, "Release is out")).toBeVisible();

  await alice.getByRole("button", { name: "Workspace menu" }).click();
  await alice.getByRole("menuitem", { name: "Custom emoji" }).click();
  const dialog = alice.getByRole("dialog", { name: "Custom emoji" });
  await dialog.getByLabel("Name").fill(":ShipIt:");   // typed as people do: colons and capitals are tidied away
  await dialog.getByLabel("Picture").setInputFiles({ name: "shipit.png", mimeType: "image/png", buffer: portraitPng(300) });
  await expect(dialog.getByRole("img", { name: ":shipit:" })).toBeVisible();   // the preview
  await dialog.getByRole("button", { name: "Add emoji" }).click();
  await expect(dialog.getByRole("list", { name: "Custom emoji" }).getByText(":shipit:", { exact: true })).toBeVisible();
  await dialog.press("Escape");

  await act(bob, "Release is out", "React");
  const picker = bob.getByRole("dialog", { name: "Emoji picker" });
  await picker.getByRole("tab", { name: "Custom" }).click();
  await picker.getByRole("option", { name: ":shipit:" }).click();
  await send(bob, "Ship it :shipit:");

  for (const page of [alice, bob]) {
    for (const when of ["live", "after a reload"]) {
      if (when !== "live") await page.reload();
      const reaction = message(page, "Release is out").getByRole("button", { name: ":shipit: 1" });
      await expect(reaction).toBeVisible();
      await loaded(reaction.getByRole("img"));
      const inline = await loaded(message(page, "Ship it").getByRole("img", { name: ":shipit:" }));
      assert.ok(inline.width === 128 && inline.height === 128, `${when}: drawn at 128×128 (${inline.width}×${inline.height})`);
      assert.match(inline.src, /^\/api\/emoji\/shipit\?v=[0-9a-f]+$/);
    }
  }
});
