// Layout checks at the sizes people use (1280 px desktop, a 390 px phone): nothing past its box, names not cut.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { send, message, messages, nav, startDm, openConversation, composer, aliceAndBobInARoom, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `general-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => ({ server, browser, alice, bob } = await aliceAndBobInARoom(problems, room, suffix, "Alice Wonderland")));
after(() => stopAll(browser, server, problems));

const box = async (locator) => (await locator.boundingBox()) ?? assert.fail("not laid out");

test("Seen stays inside the composer's right edge", async () => {
  await startDm(alice, "Bob");
  await send(alice, "are you there?");
  await openConversation(bob, "Alice Wonderland");
  const seen = alice.getByRole("status", { name: "Read receipt" });
  await expect(seen).toHaveText("Seen");
  const text = await seen.evaluate((el) => { const r = document.createRange(); r.selectNodeContents(el); const b = r.getBoundingClientRect(); return { right: b.right }; });
  const edge = await box(composer(alice).locator("xpath=ancestor::*[contains(@class,'composer-box')]"));
  assert.ok(text.right <= edge.x + edge.width, `"Seen" ends at ${text.right}, the composer at ${edge.x + edge.width}`);
});

test("the profile card's name sits below the banner, not across its edge", async () => {
  await openConversation(alice, room);
  await openConversation(bob, room);
  await send(bob, "hello from bob");
  await message(alice, "hello from bob").last().getByRole("button", { name: "Bob", exact: true }).click();
  const card = alice.getByRole("dialog", { name: "About Bob" });
  await expect(card).toBeVisible();
  const banner = await box(card.locator(".profile-card-banner"));
  const name = await box(card.getByRole("heading", { name: "Bob" }));
  assert.ok(name.y >= banner.y + banner.height, `the name's top (${name.y}) is above the banner's bottom (${banner.y + banner.height})`);
  await alice.keyboard.press("Escape");
  await expect(card).toBeHidden();
});

/** Whether an element's text is cut (an ellipsis), and whether it carries the full text as a title. */
const cut = (locator) => locator.evaluate((el) => ({ cut: el.scrollWidth > el.clientWidth + 1 || el.clientWidth < 8, title: el.getAttribute("title"), text: el.textContent }));

test("the user bar shows a whole display name at 1280 px, with its actions beside or below it", async () => {
  const name = alice.locator(".user-bar-name strong");
  const state = await cut(name);
  assert.equal(state.cut, false, `"${state.text}" is cut in the user bar`);
  assert.equal(state.title, "Alice Wonderland");
  await expect(alice.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("on a phone the room header keeps the room's name, and its actions stay on screen", async () => {
  await alice.setViewportSize({ width: 390, height: 844 });
  try {
    // The room is still open from the profile card's test.
    const heading = alice.getByRole("heading", { name: room, level: 1 });
    const state = await cut(heading);
    assert.equal(state.cut, false, `"${state.text}" is cut in the header`);
    assert.equal(state.title, `#${room}`);
    for (const name of ["Room settings", "Invite people", "Members"]) {
      const b = await box(alice.getByRole("button", { name: new RegExp(`^${name}`) }));
      assert.ok(b.x + b.width <= 390, `${name} ends at ${b.x + b.width}, past the screen`);
    }
  } finally {
    await alice.setViewportSize({ width: 1280, height: 800 });
  }
});

test("between phone and wide desktop the room header keeps the name readable and every action on screen", async () => {
  // The sidebar takes 272 px of these: the header has ~750 and ~530 px, too little for the actions' words.
  for (const [width, height] of [[1024, 768], [800, 800]]) {
    await alice.setViewportSize({ width, height });
    try {
      const heading = await box(alice.getByRole("heading", { name: room, level: 1 }));
      assert.ok(heading.width >= 150, `at ${width} px the room's name is ${heading.width} px wide`);
      const buttons = alice.locator(".room-header").getByRole("button");
      assert.ok((await buttons.count()) >= 6, "the header's actions are not there");
      for (const button of await buttons.all()) {
        if (!(await button.isVisible())) continue; // the drawer's toggle, shown on phones only
        const b = await box(button);
        const name = await button.getAttribute("aria-label") ?? await button.textContent();
        assert.ok(b.x >= 0 && b.x + b.width <= width && b.y + b.height <= height, `at ${width} px "${name}" lies at ${b.x}–${b.x + b.width}, past the screen`);
      }
    } finally {
      await alice.setViewportSize({ width: 1280, height: 800 });
    }
  }
});

test("after a jump from Mentions only one message shows its toolbar", async () => {
  await openConversation(bob, room);
  await send(bob, `@alice_${suffix} look here`);
  for (let i = 1; i <= 6; i++) await send(bob, `filler ${i}`);
  await expect(message(alice, "filler 6")).toBeVisible();
  await nav(alice).getByRole("button", { name: "Mentions" }).click();
  const dialog = alice.getByRole("dialog", { name: "Mentions" });
  await dialog.getByRole("list", { name: "Recent mentions" }).getByRole("button", { name: /look here/ }).click();
  await expect(dialog).toBeHidden();
  await message(alice, "filler 6").hover();
  const shown = () => messages(alice).locator(".message-actions").evaluateAll((all) => all.filter((el) => getComputedStyle(el).opacity === "1").length);
  assert.equal(await shown(), 1);
});
