// Passkeys with Chromium's virtual authenticator (CDP WebAuthn): add one in Password & security, sign in with it,
// remove it, and see sign-in with it refused. WebAuthn refuses IP addresses as relying party ids, so the page is
// opened as localhost (mapped to the server's 127.0.0.1).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { expect } from "./expect.mjs";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { nav, signUp } from "./ui.mjs";

let server, browser;
const problems = [];
before(async () => {
  server = await startServer();
  browser = await launchBrowser(["--host-resolver-rules=MAP localhost 127.0.0.1"]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (problems.length) throw new Error("browser problems:\n" + problems.join("\n"));
});

async function openSecurity(page) {
  await page.getByRole("button", { name: "Workspace menu" }).click();
  await page.getByRole("menuitem", { name: "Password & security" }).click();
  return page.getByRole("dialog", { name: "Password & security" });
}

test("a passkey is added, signs in, and once removed is refused", async () => {
  const url = server.url.replace("127.0.0.1", "localhost");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await strictPage(context, problems);
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });

  await signUp(page, url, "pk_alice", "Alice");
  let security = await openSecurity(page);
  await expect(security.getByText("No passkeys yet.")).toBeVisible();
  await security.getByLabel("Passkey name").fill("Test laptop");
  await security.getByRole("button", { name: "Add a passkey" }).click();
  const passkeys = security.getByRole("list", { name: "Your passkeys" });
  await expect(passkeys.getByText("Test laptop")).toBeVisible();
  await expect(passkeys.getByText("Never used")).toBeVisible();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].isResidentCredential, true);
  await page.keyboard.press("Escape");
  await expect(security).toBeHidden();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(nav(page)).toBeVisible();

  security = await openSecurity(page);
  await expect(passkeys.getByText(/Last used/)).toBeVisible();
  await security.getByRole("button", { name: "Remove Test laptop" }).click();
  await page.getByRole("dialog", { name: "Remove passkey" }).getByRole("button", { name: "Remove" }).click();
  await expect(security.getByText("No passkeys yet.")).toBeVisible();
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert")).toContainText("This passkey is not registered on this server.");
  await expect(nav(page)).toBeHidden();
  await context.close();
});
