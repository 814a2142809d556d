// What a person does in the Parley web app, written once against its accessible names (see the contract in
// docs/architecture.md, "The web client"), so tests read like the behaviour they check.
import { expect } from "./expect.mjs";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";

export const messages = (page) => page.getByRole("log", { name: "Messages" });
export const message = (page, text) => messages(page).locator("article", { hasText: text });
export const composer = (page) => page.getByRole("textbox", { name: "Message", exact: true });
export const nav = (page) => page.getByRole("navigation", { name: "Conversations" });

export async function signUp(page, url, userName, displayName) {
  await page.goto(url + "/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("User name").fill(userName);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(nav(page)).toBeVisible();
}

export async function createRoom(page, name, visibility = "Public") {
  await nav(page).getByRole("button", { name: "Create room" }).click();
  const dialog = page.getByRole("dialog", { name: "Create room" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: visibility }).check();
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

export async function joinRoom(page, name) {
  await nav(page).getByRole("button", { name: "Browse rooms" }).click();
  const dialog = page.getByRole("dialog", { name: "Browse rooms" });
  await dialog.getByLabel("Search rooms").fill(name);
  await dialog.getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: "Join" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

export async function openConversation(page, name) {
  await nav(page).getByRole("link", { name: new RegExp("^" + escape(name)) })
    .or(nav(page).getByRole("button", { name: new RegExp("^" + escape(name)) })).first().click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

export async function send(page, text) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

/** Shows a message's actions (they appear on hover or focus) and clicks one. */
export async function act(page, text, action) {
  const item = message(page, text).last();
  await item.hover();
  await item.getByRole("button", { name: action, exact: true }).click();
}

/** The room's owner renames it and sets its topic in "Room settings". */
export async function setRoomNameAndTopic(page, name, topic) {
  await page.getByRole("button", { name: "Room settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Room settings" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Topic").fill(topic);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
}

/** Profile → "Close account…", then the password in the "Close account" dialog. */
export async function closeAccount(page, password) {
  await page.getByRole("button", { name: "Profile" }).click();
  await page.getByRole("dialog", { name: "Profile" }).getByRole("button", { name: "Close account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Close account" });
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Close account", exact: true }).click();
  return dialog;
}

export function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Attaches files through the composer's "Attach files" button (the browser's file chooser). */
export async function attach(page, files) {
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByRole("button", { name: "Attach files" }).click(),
  ]);
  await chooser.setFiles(files);
}

/** The files staged above the composer. */
export const staged = (page) => page.getByRole("list", { name: "Attachments" });

/** Waits until no staged upload is still running (the Send button comes back). */
export async function uploadsDone(page) {
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await expect(staged(page).locator("[data-status='done']").first()).toBeVisible();
}

/** Waits until an <img> has loaded (naturalWidth > 0) and returns its natural size. */
export async function loaded(img) {
  await img.waitFor();
  await img.evaluate((el) => (el.complete && el.naturalWidth > 0) || new Promise((ok, fail) => {
    el.addEventListener("load", ok, { once: true });
    el.addEventListener("error", () => fail(new Error("image failed to load: " + el.src)), { once: true });
  }));
  return img.evaluate((el) => ({ width: el.naturalWidth, height: el.naturalHeight, src: el.getAttribute("src") }));
}

/** Profile → "Upload picture" → the square crop → "Use this picture". */
export async function setAvatar(page, file) {
  await page.getByRole("button", { name: "Profile" }).click();
  const dialog = page.getByRole("dialog", { name: "Profile" });
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    dialog.getByRole("button", { name: /^(Upload|Change) picture$/ }).click(),
  ]);
  await chooser.setFiles(file);
  await dialog.getByRole("slider", { name: "Zoom" }).fill("1.2");
  await dialog.getByRole("button", { name: "Use this picture" }).click();
  await expect(dialog.getByRole("button", { name: "Remove picture" })).toBeVisible();
  return dialog;
}

/** "New message" → pick one person → Start: opens (or creates) the DM with them. */
export async function startDm(page, displayName) {
  await nav(page).getByRole("button", { name: "New message" }).click();
  const dialog = page.getByRole("dialog", { name: "New message" });
  await dialog.getByLabel("Find people").fill(displayName);
  await dialog.getByRole("checkbox", { name: displayName }).check();
  await dialog.getByRole("button", { name: "Start" }).click();
  await expect(dialog).toBeHidden();
}

/** The new-message toasts (a live region). */
export const toasts = (page) => page.getByRole("status", { name: "New messages", exact: true });

/** A conversation's link in the sidebar. */
export const conversationLink = (page, name) => nav(page).getByRole("link", { name: new RegExp("^" + escape(name)) });

/** The status menu in the user bar → one of "Online (automatic)", "Away", "Do not disturb". */
export async function setStatus(page, choice) {
  await page.getByRole("button", { name: /^Status: / }).click();
  await page.getByRole("menuitemradio", { name: choice }).click();
  await expect(page.getByRole("menu")).toBeHidden();
}

/** Opens the Friends dialog from the sidebar. */
export async function openFriends(page) {
  await nav(page).getByRole("button", { name: /Friends/ }).click();
  return page.getByRole("dialog", { name: "Friends" });
}

/** Opens someone's profile card from their name on a message. */
export async function openProfileFrom(page, text, name) {
  await message(page, text).last().getByRole("button", { name, exact: true }).click();
  return page.getByRole("dialog", { name: `About ${name}` });
}

/** Screenshots in the light and the dark scheme: `${path}-light.png` and `${path}-dark.png`. */
export async function shootBoth(page, path) {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${path}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/**
 * The usual start of a file: the server, Chromium, Alice and Bob signed up in two 1280×800 tabs, both in a new room.
 * Returns what after() gives to stopAll.
 */
export async function aliceAndBobInARoom(problems, room, suffix, aliceName = "Alice") {
  const server = await startServer();
  let browser;
  try {
    browser = await launchBrowser();
    const alice = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
    const bob = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
    await signUp(alice, server.url, `alice_${suffix}`, aliceName);
    await signUp(bob, server.url, `bob_${suffix}`, "Bob");
    await createRoom(alice, room);
    await joinRoom(bob, room);
    return { server, browser, alice, bob };
  } catch (e) {
    // The file's after() never learns of these: left running, they kept its process (and the whole run) alive.
    await browser?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    throw e;
  }
}

/** Stops what aliceAndBobInARoom started; fails the file if the browser reported problems. */
export async function stopAll(browser, server, problems) {
  await browser?.close();
  await server?.stop();
  if (problems.length) throw new Error("browser problems:\n" + problems.join("\n"));
}
