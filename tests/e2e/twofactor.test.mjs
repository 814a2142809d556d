// Two-factor sign-in end to end: enrol in the Password & security dialog (the test plays the authenticator app,
// computing codes from the secret the page shows), then sign in with a code, then with a recovery code, which
// works only once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { expect } from "./expect.mjs";
import { nav, signUp } from "./ui.mjs";

let server, browser, context, page;
const problems = [];
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext();
  page = await strictPage(context, problems);
});
after(async () => { await context?.close(); await browser?.close(); await server?.stop(); });

/** RFC 4648 base32 (no padding) to bytes. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

/** RFC 6238: HMAC-SHA1, 30 s steps, 6 digits. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

const stepNow = () => Math.floor(Date.now() / 30_000);
/** A code of a step after the last one used (the server refuses replays): waits for the next step when needed. */
async function freshCode(secret, lastStep) {
  while (stepNow() <= lastStep) await new Promise((r) => setTimeout(r, 500));
  return { code: totp(secret, stepNow()), step: stepNow() };
}

const userName = "tara_" + Math.random().toString(36).slice(2, 8);
const password = "a long enough password";

async function signOut() {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
}

async function password1() {
  await page.getByLabel("User name").fill(userName);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Enter the 6-digit code from your authenticator app")).toBeVisible();
}

test("enrol, then sign in with a code and with a recovery code that works once", async () => {
  await signUp(page, server.url, userName, "Tara");

  // Enrol.
  await page.getByRole("button", { name: "Workspace menu" }).click();
  await page.getByRole("menuitem", { name: "Password & security" }).click();
  const dialog = page.getByRole("dialog", { name: "Password & security" });
  await dialog.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(dialog.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await dialog.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  assert.match(secret, /^[A-Z2-7]{32}$/);
  let used = stepNow();
  await dialog.getByLabel("Code from the app").fill(totp(secret, used));
  await dialog.getByRole("button", { name: "Turn on" }).click();
  const list = dialog.getByTestId("recovery-codes");
  await expect(list).toBeVisible();
  const codes = (await list.innerText()).split(/\s+/).filter((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c));
  assert.equal(codes.length, 10);
  await dialog.getByRole("button", { name: "I saved them" }).click();
  await expect(dialog).toContainText("10 recovery codes left");
  await dialog.getByRole("button", { name: "Close" }).click();
  await signOut();

  // Password, then a fresh code.
  await password1();
  const fresh = await freshCode(secret, used);
  used = fresh.step;
  await page.getByLabel("Enter the 6-digit code from your authenticator app").fill(fresh.code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(nav(page)).toBeVisible();
  await signOut();

  // Password, then a recovery code.
  await password1();
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(nav(page)).toBeVisible();
  await signOut();

  // The same recovery code again: refused, and no session.
  await password1();
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That recovery code is wrong or was used already.")).toBeVisible();
  assert.equal(await nav(page).isVisible(), false);
  assert.equal((await fetch(server.url + "/api/me")).status, 401);
  assert.deepEqual(problems, []);
});
