// Link previews and code blocks in the browser: Alice links a page on a local site (allowed by name, as an admin
// would for an intranet); Bob sees its card live and after a reload, with the image the server fetched; Alice removes
// it and it goes for Bob too. A code block is highlighted (classes only, under the strict CSP) and copies with a click.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { expect } from "./expect.mjs";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";
import { message, signUp, createRoom, joinRoom, send, loaded, stopAll } from "./ui.mjs";

const suffix = Math.random().toString(36).slice(2, 7);
const room = `links-${suffix}`;
// A 1×1 PNG.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const hits = new Map();
let site, sitePort, server, browser, alice, bob;
const problems = [];

/** The linked site: a page with Open Graph tags and its image, on 127.0.0.1. */
function startSite() {
  const s = createServer((req, res) => {
    hits.set(req.url, (hits.get(req.url) ?? 0) + 1);
    if (req.url === "/article") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><title>ignored</title>
        <meta property="og:title" content="Otters hold hands">
        <meta property="og:description" content="So they don't drift apart while sleeping.">
        <meta property="og:site_name" content="Nature Daily">
        <meta property="og:image" content="/otter.png"></head><body>article</body></html>`);
    } else if (req.url === "/otter.png") {
      res.writeHead(200, { "Content-Type": "image/png", "Content-Length": png.length });
      res.end(png);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s)));
}

before(async () => {
  site = await startSite();
  sitePort = site.address().port;
  server = await startServer({ Parley__Previews__AllowedHosts__0: "localhost" });
  browser = await launchBrowser();
  const context = () => browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ["clipboard-read", "clipboard-write"] });
  alice = await strictPage(await context(), problems);
  bob = await strictPage(await context(), problems);
  await signUp(alice, server.url, `alice_${suffix}`, "Alice");
  await signUp(bob, server.url, `bob_${suffix}`, "Bob");
  await createRoom(alice, room);
  await joinRoom(bob, room);
});

after(async () => {
  try { await stopAll(browser, server, problems); } finally { site?.closeAllConnections(); site?.close(); }
});

test("a link's preview card reaches the other person live and after a reload, and goes when its sender removes it", async () => {
  const text = `otters! http://localhost:${sitePort}/article`;
  await send(alice, text);

  const card = message(bob, "otters!").getByRole("region", { name: "Link preview: Otters hold hands" });
  await expect(card).toBeVisible();
  await expect(card.getByRole("link", { name: "Otters hold hands" })).toHaveAttribute("href", `http://localhost:${sitePort}/article`);
  await expect(card).toContainText("Nature Daily");
  await expect(card).toContainText("So they don't drift apart while sleeping.");
  // The image comes from our server (the CSP allows no other), fetched once by it.
  const image = await loaded(card.locator("img"));
  assert.match(image.src, /^\/api\/previews\/[0-9a-f-]+\/image$/);
  assert.equal(hits.get("/otter.png"), 1);
  // Only the sender may remove it.
  await expect(message(bob, "otters!").getByRole("button", { name: "Remove preview" })).toHaveCount(0);

  await bob.reload();
  await expect(message(bob, "otters!").getByRole("region", { name: "Link preview: Otters hold hands" })).toBeVisible();

  await message(alice, "otters!").getByRole("button", { name: "Remove preview" }).click();
  await expect(message(alice, "otters!").getByRole("region")).toHaveCount(0);
  await expect(message(bob, "otters!").getByRole("region")).toHaveCount(0);
  await expect(message(bob, "otters!")).toContainText("otters!");
  assert.equal(hits.get("/article"), 1);
});

test("a code block is highlighted and its copy button copies the code", async () => {
  await send(alice, "the fix:\n```js\nconst answer = 42;\n```");
  const block = message(bob, "the fix:").locator("pre");
  await expect(block.locator("code.language-js .hljs-keyword")).toHaveText("const");
  await expect(block.locator(".hljs-number")).toHaveText("42");
  await block.hover();
  const copy = block.getByRole("button", { name: "Copy code" });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  assert.equal((await bob.evaluate(() => navigator.clipboard.readText())).trimEnd(), "const answer = 42;");
});
