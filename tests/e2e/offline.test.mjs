// The installable app: the manifest and service worker make Parley installable, and a reload without the network
// opens it from the saved last state, read-only, with the offline banner; a message sent offline waits and goes out
// when the network is back; a new build is offered with a polite "Reload".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "./expect.mjs";
import { startServer, launchBrowser, launchProfileBrowser, strictPage } from "./harness.mjs";
import { composer, createRoom, message, send, signUp } from "./ui.mjs";

let server, browser;
const problems = [];
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  await server?.stop();
  if (problems.length) throw new Error("browser problems:\n" + problems.join("\n"));
});

const OFFLINE = "You're offline — showing saved messages; sends will go out when you reconnect.";

test("installable: a valid manifest with icons, and an active service worker controlling the page", async () => {
  // A profile of its own: Chromium never offers to install from an incognito context (which newContext() makes).
  const context = await launchProfileBrowser();
  try {
    const page = await strictPage(context, problems);
    await page.goto(server.url + "/");
    await expect(page.getByRole("button", { name: "Create an account" })).toBeVisible();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.scriptURL)), server.url + "/sw.js");

    const cdp = await context.newCDPSession(page);
    const { url, errors, data } = await cdp.send("Page.getAppManifest");
    assert.equal(url, server.url + "/manifest.webmanifest");
    assert.deepEqual(errors, []);
    const manifest = JSON.parse(data);
    assert.equal(manifest.display, "standalone");
    assert.equal(manifest.start_url, "/");
    for (const icon of manifest.icons) {
      const res = await context.request.get(server.url + icon.src);
      assert.equal(res.status(), 200, icon.src);
      assert.equal(res.headers()["content-type"], "image/png");
    }
    assert.deepEqual(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`), ["192x192 any", "512x512 any", "512x512 maskable"]);
    // Chromium's own verdict: nothing stands in the way of installing it.
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors.map((e) => e.errorId), []);
  } finally {
    await context.close();
  }
});

test("a reload offline opens the saved conversation read-only; a send waits and goes out when back online", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await strictPage(context, problems);
  await signUp(page, server.url, "alice_offline", "Alice");
  await createRoom(page, "Field notes");
  await send(page, "Saved before the tunnel");
  await expect(message(page, "Saved before the tunnel")).toBeVisible();
  // The shell is cached once the worker is active and controls the page; the conversation once it is saved.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(() => (localStorage.getItem("parley.lastState") ?? "").includes("Saved before the tunnel"));

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: OFFLINE })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Field notes" })).toBeVisible();
  await expect(message(page, "Saved before the tunnel")).toBeVisible();
  // Read-only: nothing to react, edit or delete with until the server is back.
  await message(page, "Saved before the tunnel").hover();
  await expect(message(page, "Saved before the tunnel").getByRole("button", { name: "React" })).toBeHidden();

  await send(page, "Written in the tunnel");
  const queued = message(page, "Written in the tunnel");
  await expect(queued).toHaveAttribute("data-pending", "true");
  await expect(page.getByRole("status").filter({ hasText: "1 message waiting to send" })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByRole("status").filter({ hasText: OFFLINE })).toBeHidden();
  await expect(queued).toHaveAttribute("data-pending", /^$/); // confirmed by the server
  // On the server: a fresh load (online) shows it once.
  await page.reload();
  await expect(message(page, "Written in the tunnel")).toHaveCount(1);
  await expect(composer(page)).toBeVisible();
  await context.close();
});

test("a new version is offered politely; Reload brings it in", async () => {
  // A server of its own over a copy of the built client, so this test can deploy a new build under it.
  const web = mkdtempSync(join(tmpdir(), "parley-web-"));
  cpSync(join(import.meta.dirname, "../../src/Parley.Server/wwwroot"), web, { recursive: true });
  const deployed = await startServer({ ASPNETCORE_WEBROOT: web });
  const context = await browser.newContext();
  try {
    const page = await strictPage(context, problems);
    await page.goto(deployed.url + "/");
    await expect(page.getByRole("button", { name: "Create an account" })).toBeVisible();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const banner = page.getByRole("status").filter({ hasText: "A new version of Parley is available" });
    await expect(banner).toHaveCount(0);

    // The deploy: a new build writes a new sw.js; the page asks for it (as it does every 30 minutes and when online).
    writeFileSync(join(web, "sw.js"), readFileSync(join(web, "sw.js"), "utf8") + "\n// the next build\n");
    await page.evaluate(() => navigator.serviceWorker.getRegistration("/").then((r) => r.update()));
    await expect(banner).toBeVisible();

    await Promise.all([page.waitForEvent("load"), banner.getByRole("button", { name: "Reload" }).click()]);
    await expect(page.getByRole("button", { name: "Create an account" })).toBeVisible();
    await expect(banner).toHaveCount(0);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistration("/").then((r) => r.waiting === null && r.active?.state === "activated")), true);
  } finally {
    await context.close();
    await deployed.stop();
    rmSync(web, { recursive: true, force: true });
  }
});
