import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, strictPage } from "./harness.mjs";

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test("the server serves the web app under a strict CSP without violations", async () => {
  const res = await fetch(server.url + "/");
  assert.equal(res.status, 200);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html = await res.text();
  assert.doesNotMatch(html, /<script>(?!<\/script>)/, "no inline script in index.html");

  const problems = [];
  const context = await browser.newContext();
  const page = await strictPage(context, problems);
  await page.goto(server.url + "/some/client/route");
  await page.waitForLoadState("networkidle");
  assert.ok(await page.locator("#root *").count() > 0, "the app rendered something");
  assert.deepEqual(problems, []);
  await context.close();
});
