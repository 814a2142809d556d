// Two people in two browser contexts use the real app against the real server: every change one makes
// appears on the other side. Steps share one server and run in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launchBrowser, strictPage, artifacts, provider } from "./harness.mjs";
import { expect } from "./expect.mjs";
import {
  signUp, createRoom, joinRoom, openConversation, send, act, message, messages, composer, nav, setRoomNameAndTopic, closeAccount,
} from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `design-${suffix}`;
let server, browser, alice, bob;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const a = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const b = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  alice = await strictPage(a, problems);
  bob = await strictPage(b, problems);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${provider}-${name}.png`) });

test("two people sign up, and one joins the room the other created", async () => {
  await signUp(alice, server.url, `alice_${suffix}`, "Alice");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  await createRoom(alice, room);
  await joinRoom(bob, room);
  await expect(message(alice, "Bob joined")).toBeVisible();
});

test("messages arrive live on the other side, in order", async () => {
  await send(alice, "Hello Bob!");
  await expect(message(bob, "Hello Bob!")).toBeVisible();
  await send(bob, "Hi Alice");
  await send(bob, "How are you?");
  await expect(message(alice, "How are you?")).toBeVisible();
  const texts = await messages(alice).locator("article:not([data-system='true'])").allInnerTexts();
  const order = ["Hello Bob!", "Hi Alice", "How are you?"].map((t) => texts.findIndex((x) => x.includes(t)));
  assert.deepEqual([...order].sort((x, y) => x - y), order, "messages in send order");
});

test("typing shows on the other side and goes away", async () => {
  await composer(bob).pressSequentially("typing something", { delay: 20 });
  const typing = alice.getByRole("status", { name: "Typing" });
  await expect(typing).toContainText("Bob is typing");
  await composer(bob).fill("");
  await expect(typing).not.toContainText("Bob is typing");
});

test("an edit, a reaction, a reply and a delete all reach the other side", async () => {
  await send(alice, "Lunch at noon?");
  await expect(message(bob, "Lunch at noon?")).toBeVisible();

  await act(alice, "Lunch at noon?", "Edit");
  const editor = alice.getByRole("textbox", { name: "Edit message" });
  const box = (await editor.count()) > 0 ? editor : composer(alice);
  await box.fill("Lunch at one?");
  await box.press("Enter");
  await expect(message(bob, "Lunch at one?")).toContainText("(edited)");

  await act(bob, "Lunch at one?", "React");
  const picker = bob.getByRole("dialog", { name: "Emoji picker" });
  await picker.getByRole("searchbox", { name: "Search emoji" }).fill("thumbs up");
  await picker.getByRole("option", { name: "thumbs up", exact: true }).click();
  await expect(picker).toBeHidden();
  const chip = message(alice, "Lunch at one?").getByRole("button", { name: /👍\s*1/ });
  await expect(chip).toBeVisible();
  await chip.click(); // Alice adds hers: 2
  await expect(message(bob, "Lunch at one?").getByRole("button", { name: /👍\s*2/ })).toBeVisible();

  await act(bob, "Lunch at one?", "Reply");
  await expect(bob.getByText(/Replying to Alice/)).toBeVisible();
  await send(bob, "Sure, see you then");
  const reply = message(alice, "Sure, see you then");
  await expect(reply.getByRole("button", { name: "Jump to replied message" })).toContainText("Lunch at one?");

  await send(alice, "oops, wrong room");
  await expect(message(bob, "oops, wrong room")).toBeVisible();
  await act(alice, "oops, wrong room", "Delete");
  const confirm = alice.getByRole("dialog").getByRole("button", { name: "Delete" });
  if (await confirm.count()) await confirm.click();
  await expect(message(bob, "oops, wrong room")).toHaveCount(0);
  await expect(messages(bob)).toContainText("This message was deleted.");
  await shot(alice, "room-light");
});

test("a direct message opens on both sides", async () => {
  await nav(alice).getByRole("button", { name: "New message" }).click();
  const dialog = alice.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Find people").fill("Bob");
  await dialog.getByRole("checkbox", { name: "Bob" }).check();
  await dialog.getByRole("button", { name: "Start" }).click();
  await send(alice, "just between us");
  await expect(nav(bob)).toContainText("Alice");
  await openConversation(bob, "Alice");
  await expect(message(bob, "just between us")).toBeVisible();
});

test("a reload keeps history and the unsent draft", async () => {
  await openConversation(alice, room);
  await composer(alice).fill("half-written thought");
  await alice.reload();
  await expect(nav(alice)).toBeVisible();
  await openConversation(alice, room);
  await expect(message(alice, "Hello Bob!")).toBeVisible();
  await expect(composer(alice)).toHaveValue("half-written thought");
  await composer(alice).fill("");
});

test("an XSS payload renders as inert text", async () => {
  const payloads = [
    `<img src=x onerror="window.__xss=1">`,
    `[click me](javascript:window.__xss=2)`,
    `<svg onload="window.__xss=3"></svg>`,
    `<a href="jav&#x09;ascript:window.__xss=4">tab trick</a>`,
  ];
  await openConversation(bob, room);
  for (const p of payloads) await send(alice, p);
  await expect(message(bob, "tab trick")).toBeVisible();
  for (const page of [alice, bob]) {
    assert.equal(await page.evaluate(() => window.__xss), undefined, "no payload ran");
    const log = messages(page);
    assert.equal(await log.locator("img[src='x'], [onerror], [onload]").count(), 0, "no live element from a payload");
    const hrefs = await log.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    assert.ok(hrefs.every((h) => !/^\s*javascript:/i.test(h.replace(/[\s\u0000-\u001f]/g, ""))), "no javascript: link");
  }
  await expect(messages(bob)).toContainText("<img src=x");
});

test("the owner renames the room and sets its topic; the other side sees both", async () => {
  await openConversation(alice, room);
  await openConversation(bob, room);
  assert.equal(await bob.getByRole("button", { name: "Room settings" }).count(), 0, "only the owner may change them");
  const renamed = `${room}-plans`;
  await setRoomNameAndTopic(alice, renamed, "Plans and sketches");
  await expect(bob.getByRole("heading", { name: renamed })).toBeVisible();
  await expect(bob.locator(".room-topic")).toContainText("Plans and sketches");
  await expect(nav(bob).getByRole("link", { name: new RegExp("^" + renamed) })).toBeVisible();
  await expect(messages(bob)).toContainText("Plans and sketches");
  await expect(alice.getByRole("heading", { name: renamed })).toBeVisible();
});

test("closing an account asks for the password and returns to the sign-in screen for good", async () => {
  const carol = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
  await signUp(carol, server.url, `carol_${suffix}`, "Carol");
  const dialog = await closeAccount(carol, "not my password");
  await expect(dialog.getByRole("alert")).toContainText("Wrong password.");
  await dialog.getByLabel("Password").fill("a long enough password");
  await dialog.getByRole("button", { name: "Close account", exact: true }).click();
  await expect(carol.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await carol.getByLabel("User name").fill(`carol_${suffix}`);
  await carol.getByLabel("Password").fill("a long enough password");
  await carol.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(carol.getByRole("alert")).toContainText("Wrong user name or password.");
});

test("dark theme screenshots", async () => {
  await alice.emulateMedia({ colorScheme: "dark" });
  await shot(alice, "room-dark");
  await alice.emulateMedia({ colorScheme: "light" });
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
