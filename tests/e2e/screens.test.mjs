// A tour of every main screen, light and dark, at desktop and phone size, saved to .test-artifacts/e2e/screens/
// (the README's pictures come from here). Also checks the keyboard paths a person relies on.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startServer, launchBrowser, strictPage, artifacts } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { signUp, createRoom, joinRoom, openConversation, send, message, messages, composer, nav, attach, uploadsDone, loaded, setAvatar, staged, shootBoth } from "./ui.mjs";
import { landscapePng, portraitPng } from "./fixtures.mjs";

const dir = join(artifacts, "screens");
mkdirSync(dir, { recursive: true });
const suffix = Math.random().toString(36).slice(2, 7);
const problems = [];
let server, browser, alice, bob;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const options = { viewport: { width: 1280, height: 800 }, permissions: ["microphone"] };
  alice = await strictPage(await browser.newContext({ ...options, timezoneId: "UTC" }), problems);
  // Bob's browser is in Paris: his profile offers that zone, and Alice sees his local time.
  bob = await strictPage(await browser.newContext({ ...options, timezoneId: "Europe/Paris" }), problems);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const both = (page, name) => shootBoth(page, join(dir, name));

test("sign-in screen", async () => {
  await alice.goto(server.url + "/");
  await expect(alice.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await both(alice, "sign-in");
});

test("a lively room", async () => {
  await signUp(alice, server.url, `alice_${suffix}`, "Alice Martin");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob Chen");
  await createRoom(alice, "general");
  await createRoom(alice, `design-${suffix}`);
  await joinRoom(bob, "general");
  await openConversation(alice, "general");
  await send(alice, "Morning all! The **release notes** are up: https://example.com/notes");
  await send(bob, "Nice. Reminder: `dotnet run --project src/Parley.Server` is all it takes :rocket:");
  await send(alice, "🎉");
  await send(bob, "> quoting the spec\nand a list:\n- one\n- two");
  await expect(message(alice, "and a list")).toBeVisible();
  await both(alice, "room");
});

test("dialogs: create room, browse rooms, new message, quick switcher, profile", async () => {
  await nav(alice).getByRole("button", { name: "Create room" }).click();
  await expect(alice.getByRole("dialog", { name: "Create room" })).toBeVisible();
  await both(alice, "create-room");
  await alice.keyboard.press("Escape");
  await expect(alice.getByRole("dialog", { name: "Create room" })).toBeHidden();

  await nav(bob).getByRole("button", { name: "Browse rooms" }).click();
  await expect(bob.getByRole("dialog", { name: "Browse rooms" })).toBeVisible();
  await both(bob, "browse-rooms");
  await bob.keyboard.press("Escape");

  await nav(alice).getByRole("button", { name: "New message" }).click();
  const dm = alice.getByRole("dialog", { name: "New message" });
  await dm.getByLabel("Find people").fill("Bob");
  await expect(dm.getByRole("checkbox", { name: "Bob Chen" })).toBeVisible();
  await both(alice, "new-message");
  await alice.keyboard.press("Escape");

  await alice.getByRole("button", { name: "Profile" }).click();
  await expect(alice.getByRole("dialog", { name: "Profile" })).toBeVisible();
  await both(alice, "profile");
  await alice.keyboard.press("Escape");
});

test("files, pictures and a voice message; the lightbox", async () => {
  await openConversation(alice, "general");
  await openConversation(bob, "general");
  const dialog = await setAvatar(bob, { name: "bob.png", mimeType: "image/png", buffer: portraitPng(360) });
  await bob.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await attach(alice, [
    { name: "Hills at dawn.png", mimeType: "image/png", buffer: landscapePng(1200, 750) },
    { name: "Q3 planning.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% not really a pdf\n") },
  ]);
  await uploadsDone(alice);
  await composer(alice).fill("Photos from the offsite, and the plan");
  await both(alice, "staged-files");
  await composer(alice).press("Enter");
  await expect(staged(alice)).toHaveCount(0);
  await bob.getByRole("button", { name: "Record voice message" }).click();
  await bob.waitForTimeout(1300);
  await both(bob, "recording");
  await bob.getByRole("button", { name: "Send voice message" }).click();
  await send(bob, "Looks great — see you Monday");
  await expect(message(alice, "see you Monday")).toBeVisible();
  await loaded(messages(alice).getByRole("button", { name: "Open picture Hills at dawn.png" }).locator("img"));
  await expect(messages(alice).getByText(/^Voice message, 0:0/)).toBeVisible();
  await both(alice, "files");

  await messages(alice).getByRole("button", { name: "Open picture Hills at dawn.png" }).click();
  const lightbox = alice.getByRole("dialog", { name: "Picture: Hills at dawn.png" });
  await loaded(lightbox.getByRole("img", { name: "Hills at dawn.png" }));
  await both(alice, "lightbox");
  await alice.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();
});

test("profile with a picture, member list and profile card", async () => {
  await bob.getByRole("button", { name: "Profile" }).click();
  const profile = bob.getByRole("dialog", { name: "Profile" });
  await profile.getByLabel("Status").fill("Sketching the new sidebar");
  await profile.getByLabel("About you").fill("Design systems, type, and too much coffee.\nAsk me about icons.");
  await loaded(profile.locator("img.avatar-img"));
  await both(bob, "profile-picture");
  await profile.getByRole("button", { name: "Save" }).click();
  await expect(profile).toBeHidden();

  await alice.getByRole("button", { name: /^Members/ }).click();
  const panel = alice.getByRole("complementary", { name: "Members" });
  // Bob's entry, not the room owner's "Moderate Bob Chen" menu beside it (issue 17).
  const bobEntry = panel.getByRole("button", { name: /^(?!Moderate ).*Bob Chen/ });
  await loaded(bobEntry.locator("img"));
  await expect(panel).toContainText("Sketching the new sidebar");
  await both(alice, "member-list");
  await bobEntry.click();
  const card = alice.getByRole("dialog", { name: "About Bob Chen" });
  await loaded(card.locator("img.avatar-img"));
  await expect(card).toContainText("Ask me about icons.");
  await expect(card).toContainText("Local time");
  await both(alice, "profile-card");
  await alice.keyboard.press("Escape");
  await alice.getByRole("button", { name: "Hide member list" }).click();
});

test("Ctrl+K jumps to a conversation by name", async () => {
  await openConversation(alice, "general");
  await composer(alice).click();
  await alice.keyboard.press("Control+k");
  const jump = alice.getByRole("dialog", { name: "Jump to conversation" });
  await expect(jump).toBeVisible();
  await jump.getByLabel("Jump to").fill(`design-${suffix}`.slice(0, 9));
  await both(alice, "quick-switcher");
  await alice.keyboard.press("Enter");
  await expect(alice.getByRole("heading", { name: `design-${suffix}` })).toBeVisible();
});

test("the theme switch overrides the system setting and is remembered", async () => {
  await alice.emulateMedia({ colorScheme: "light" });
  const bg = () => alice.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await alice.getByRole("button", { name: "Theme" }).click();
  const menu = alice.getByRole("menuitemradio", { name: "Dark" }).or(alice.getByRole("radio", { name: "Dark" })).or(alice.getByRole("option", { name: "Dark" }));
  if (await menu.count()) await menu.first().click();
  const dark = await bg();
  assert.notEqual(dark, light, "switching the theme changes the page");
  await alice.reload();
  await expect(nav(alice)).toBeVisible();
  assert.equal(await bg(), dark, "the choice survives a reload");
});

test("phone-sized screen: the sidebar becomes a drawer", async () => {
  const phone = await strictPage(await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }), problems);
  await phone.goto(server.url + "/");
  await phone.getByLabel("User name").fill(`bob_${suffix}`);
  await phone.getByLabel("Password").fill("a long enough password");
  await phone.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(phone.getByRole("textbox", { name: "Message", exact: true }).or(nav(phone)).first()).toBeVisible();
  await both(phone, "phone");
  // No hover on a touch screen: a message's actions show only once it is tapped.
  const item = phone.getByRole("log", { name: "Messages" }).locator("article", { hasText: "see you Monday" });
  await expect(item).toBeVisible();
  assert.equal(await item.getByRole("toolbar", { name: "Message actions" }).isVisible(), false, "actions hidden until tapped");
  await item.locator(".message-text").tap();
  await expect(item.getByRole("toolbar", { name: "Message actions" })).toBeVisible();
  await both(phone, "phone-actions");
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
