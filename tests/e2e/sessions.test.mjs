// Sessions and devices (issue 22): Alice, signed in in two browsers, signs the other one out from "Password &
// security"; that tab shows the sign-in screen with the reason. Then she changes her password in the first and
// signs in with the new one in the second. Steps share one server and run in order.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { signUp, nav, createRoom, send, openConversation, message } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const userName = `alice_${suffix}`;
const newPassword = "a quiet river under seven bridges";
const room = `after-change-${suffix}`;
let server, browser, here, there;
const problems = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  here = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
  there = await strictPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }), problems);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, password) {
  await page.getByLabel("User name").fill(userName);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function openSecurity(page) {
  await page.getByRole("button", { name: "Workspace menu" }).click();
  await page.getByRole("menuitem", { name: "Password & security" }).click();
  return page.getByRole("dialog", { name: "Password & security" });
}

test("signing the other browser out from the session list shows that tab the sign-in screen", async () => {
  await signUp(here, server.url, userName, "Alice");
  await there.goto(server.url + "/");
  await signIn(there, "a long enough password");
  await expect(nav(there)).toBeVisible();

  const dialog = await openSecurity(here);
  const sessions = dialog.getByRole("list", { name: "Sessions" }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(sessions.first()).toContainText("Chrome · Linux");

  await sessions.filter({ hasNotText: "This device" }).getByRole("button", { name: /^Sign out/ }).click();
  await here.getByRole("dialog", { name: "Sign out session" }).getByRole("button", { name: "Sign out" }).click();
  await expect(sessions).toHaveCount(1);

  await expect(there.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(there.getByRole("status").filter({ hasText: "signed out from another device" })).toBeVisible();
});

test("a changed password works at the next sign-in, and this tab stays signed in", async () => {
  const dialog = here.getByRole("dialog", { name: "Password & security" });
  await dialog.getByLabel("Current password").fill("a long enough password");
  await dialog.getByLabel("New password", { exact: true }).fill("password1234");
  await dialog.getByLabel("Repeat new password").fill("password1234");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("commonly used password")).toBeVisible();   // the server's reason, under the field

  await dialog.getByLabel("New password", { exact: true }).fill(newPassword);
  await dialog.getByLabel("Repeat new password").fill(newPassword);
  await expect(dialog.getByRole("checkbox", { name: "Sign out other sessions" })).toBeChecked();
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();

  // This tab goes on: its connection was told to connect again with the new cookie, and a message sent now arrives.
  await here.keyboard.press("Escape");
  await createRoom(here, room);
  await send(here, "still connected");
  await expect(here.getByRole("button", { name: "Sign in", exact: true })).toBeHidden();

  await signIn(there, "a long enough password");
  await expect(there.getByRole("alert")).toContainText("Wrong user name or password.");
  await signIn(there, newPassword);
  await openConversation(there, room);
  await expect(message(there, "still connected")).toBeVisible();
  assert.deepEqual(problems, [], "no console errors, CSP violations or failed requests");
});
