// Sidebar sections, favourites and the preview line (issue 21): Alice arranges her sidebar in one tab, her other tab
// follows live, a reload keeps it; Bob's last message shows under his name.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { join } from "node:path";
import { aliceAndBobInARoom, conversationLink, nav, send, shootBoth, startDm, stopAll } from "./ui.mjs";
import { artifacts, provider, strictPage } from "./harness.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `sidebar-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix)));
after(() => stopAll(browser, server, problems));

const section = (page, name) => nav(page).getByRole("group", { name, exact: true });
const sectionNames = (page) => nav(page).locator("section.sidebar-section").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));

test("sections, moves, favourites and collapse follow Alice to her other tab and through a reload; previews show the last message", async () => {
  const other = await strictPage(alice.context(), problems);
  await other.goto(server.url + "/");
  await expect(conversationLink(other, room)).toBeVisible();
  // Alice acts in her first tab: a tab in the background gets no animation frames, and each click there waited ~2 s
  // for the page to be still.
  await alice.bringToFront();

  // Bob writes to Alice: the preview line is his text without its Markdown.
  await startDm(bob, "Alice");
  await send(bob, "See you at **noon**");
  await expect(conversationLink(alice, "Bob")).toContainText("See you at noon");

  // A new section from the workspace menu.
  await alice.getByRole("button", { name: "Workspace menu" }).click();
  await alice.getByRole("menuitem", { name: "New section…" }).click();
  const dialog = alice.getByRole("dialog", { name: "New section" });
  await dialog.getByLabel("Section name").fill("Projects");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  await expect(section(other, "Projects")).toBeVisible();

  // The room moves in through its "…" menu, Move to ▸ Projects.
  await conversationLink(alice, room).hover();
  await nav(alice).getByRole("button", { name: `Options for ${room}` }).click();
  await alice.getByRole("menuitem", { name: "Move to" }).click();
  await alice.getByRole("menuitem", { name: "Projects" }).click();
  await expect(section(other, "Projects").getByRole("link", { name: new RegExp("^" + room) })).toBeVisible();

  // Bob's DM becomes a favourite from its context menu (right-click).
  await conversationLink(alice, "Bob").click({ button: "right" });
  await alice.getByRole("menuitem", { name: "Favourite", exact: true }).click();
  await expect(section(other, "Favourites").getByRole("link", { name: /^Bob/ })).toContainText("See you at noon");

  // Collapsed from the other tab this time.
  await other.bringToFront();
  await section(other, "Projects").getByRole("button", { name: "Projects", exact: true }).click();
  await alice.bringToFront();
  const toggle = section(alice, "Projects").getByRole("button", { name: "Projects", exact: true });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");

  await alice.reload();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  assert.deepEqual(await sectionNames(alice), ["Favourites", "Projects", "Rooms", "Direct messages"]);
  await expect(section(alice, "Favourites").getByRole("link", { name: /^Bob/ })).toContainText("See you at noon");
  await shootBoth(alice, join(artifacts, `${provider}-sidebar`));
  // Bob's own sidebar is his: nothing moved there.
  assert.deepEqual(await sectionNames(bob), ["Rooms", "Direct messages"]);
  await expect(section(bob, "Direct messages").getByRole("link", { name: /^Alice/ })).toContainText("You: See you at noon");
});
