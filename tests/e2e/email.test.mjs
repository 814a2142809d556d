import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { startSmtpSink } from "./smtp-sink.mjs";
import { expect } from "./expect.mjs";
import { nav, stopAll } from "./ui.mjs";

let server, browser, sink;
const problems = [];
before(async () => {
  sink = await startSmtpSink();
  server = await startServer({ Parley__Email__Host: "127.0.0.1", Parley__Email__Port: String(sink.port), Parley__Email__Security: "none" });
  browser = await launchBrowser();
});
after(async () => {
  try { await stopAll(browser, server, problems); } finally { await sink?.close(); }
});

async function post(path, body) {
  const res = await fetch(server.url + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return res.status;
}

test("a forgotten password is reset from the mailed link, once", async () => {
  const userName = "erin" + Math.random().toString(36).slice(2, 8);
  const address = `${userName}@mail.example`;
  assert.equal(await post("/api/auth/register", { userName, password: "a long enough password", email: address }), 201);
  const verify = new URL(sink.link(await sink.mailTo(address, /Verify/), "/verify-email"));
  assert.equal(await post("/api/auth/verify-email", { token: verify.searchParams.get("token") }), 204);

  const context = await browser.newContext();
  const page = await strictPage(context, problems);
  await page.goto(server.url + "/");
  await page.getByRole("button", { name: "Forgot password?" }).click();
  await page.getByLabel("User name or e-mail").fill(address);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account matches, we sent a link");

  const link = sink.link(await sink.mailTo(address, /Reset/), "/reset-password");
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("a fresh new password");
  await page.getByLabel("New password again").fill("a fresh new password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("signed out");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  await page.getByLabel("User name").fill(userName);
  await page.getByLabel("Password").fill("a fresh new password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(nav(page)).toBeVisible();

  // The same link again: used.
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("yet another password");
  await page.getByLabel("New password again").fill("yet another password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("heading", { name: "Link expired" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("already used or has expired");
  await context.close();
});
