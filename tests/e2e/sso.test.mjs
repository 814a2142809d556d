// Single sign-on in the browser against a real OpenID provider (tests/oidc/provider.mjs, oidc-provider) on loopback:
// "Sign in with Test IdP" makes a new account; then a password account connects the provider in Password & security,
// signs out, and signing in with the provider lands in that same account.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "./expect.mjs";
import { startServer, launchBrowser, strictPage, freePort } from "./harness.mjs";
import { nav, signUp } from "./ui.mjs";

const oidcDir = join(dirname(fileURLToPath(import.meta.url)), "..", "oidc");
let server, browser, idp;
const problems = [];

function startProvider(port, redirectUri) {
  const child = spawn("node", ["provider.mjs", String(port), "parley-e2e", "parley-e2e-secret-0123456789", redirectUri], { cwd: oidcDir, stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  child.stderr.on("data", (d) => log.push(String(d)));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => { log.push(String(d)); if (String(d).includes("ready ")) resolve(child); });
    child.on("exit", (code) => reject(new Error(`provider.mjs exited ${code}: ${log.join("")}`)));
  });
}

before(async () => {
  const idpPort = await freePort();
  server = await startServer({
    Parley__Auth__Sso__Providers__test__DisplayName: "Test IdP",
    Parley__Auth__Sso__Providers__test__Authority: `http://127.0.0.1:${idpPort}`,
    Parley__Auth__Sso__Providers__test__ClientId: "parley-e2e",
    Parley__Auth__Sso__Providers__test__ClientSecret: "parley-e2e-secret-0123456789",
    Parley__Auth__Sso__Providers__test__RequireHttpsMetadata: "false",
  });
  idp = await startProvider(idpPort, `${server.url}/signin-sso-test`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  idp?.kill();
  await server?.stop();
  if (problems.length) throw new Error("browser problems:\n" + problems.join("\n"));
});

async function signInAtProvider(page, login) {
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await page.getByLabel("User name").fill(login);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function openSecurity(page) {
  await page.getByRole("button", { name: "Workspace menu" }).click();
  await page.getByRole("menuitem", { name: "Password & security" }).click();
  return page.getByRole("dialog", { name: "Password & security" });
}

async function me(page) {
  return page.evaluate(async () => (await fetch("/api/me")).json());
}

test("Sign in with Test IdP makes an account; a connected one is found again", async () => {
  const first = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let page = await strictPage(first, problems);
  await page.goto(server.url + "/");
  await signInAtProvider(page, "alice");
  await expect(nav(page)).toBeVisible();
  assert.equal((await me(page)).userName, "alice");
  await first.close();

  const second = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await strictPage(second, problems);
  await signUp(page, server.url, "dave_sso", "Dave");
  const dave = await me(page);
  const security = await openSecurity(page);
  await security.getByRole("link", { name: "Connect Test IdP" }).click();
  await page.getByLabel("User name").fill("bob");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(nav(page)).toBeVisible();
  const again = await openSecurity(page);
  await expect(again.getByRole("button", { name: "Disconnect Test IdP" })).toBeVisible();
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  // The provider remembers bob's session: straight back, signed in to Dave's account.
  await expect(nav(page)).toBeVisible();
  assert.equal((await me(page)).id, dave.id);
  await second.close();
});

test("cancelling at the provider says so on the sign-in screen", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await strictPage(context, problems);
  await page.goto(server.url + "/");
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("sso-error")).toBeVisible();
  await expect(page.getByTestId("sso-error")).toHaveText("Single sign-on was cancelled at the provider.");
  assert.equal(new URL(page.url()).search, "");
  await context.close();
});
