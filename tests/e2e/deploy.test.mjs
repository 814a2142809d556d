// README's "Running in production", literally: the published server started from another working directory (the
// data directory) finds its web client and appsettings.json beside its binary, and keeps its data where it runs.
// SQLite only: PostgreSQL changes where the data lives, not where the server finds its files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { launchBrowser, provider } from "./harness.mjs";
import { expect } from "./expect.mjs";

const repo = resolve(import.meta.dirname, "../..");
const configuration = process.env.PARLEY_E2E_CONFIGURATION ?? "Release";
const skip = provider !== "sqlite" && "the file locations do not depend on the database provider";

let root, server, browser;
const log = [];

before(async () => {
  if (skip) return;
  root = mkdtempSync(join(tmpdir(), "parley-deploy-"));
  const app = join(root, "app"), data = join(root, "data");
  mkdirSync(data);
  // The build the other e2e tests run, published as README says (no second build).
  await promisify(execFile)("dotnet", ["publish", join(repo, "src/Parley.Server"), "-c", configuration, "--no-build", "-o", app, "-nologo", "-v", "q"],
    { timeout: 180_000 });
  // A port of the server's choosing, set in the published appsettings.json: listening there proves the file was read.
  const settingsFile = join(app, "appsettings.json");
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, "utf8")), Urls: "http://127.0.0.1:0" }));

  // Metrics off: their default port (one per machine) may be taken by whatever else runs here; this test is about files.
  const env = { ...process.env, Parley__Auth__PasswordIterations: "1000", Parley__Metrics__Enabled: "false" };
  for (const k of ["ASPNETCORE_URLS", "URLS", "ConnectionStrings__Parley", "Parley__Database__Provider"]) delete env[k];
  server = spawn("dotnet", [join(app, "Parley.Server.dll")], { cwd: data, env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", (d) => log.push(String(d)));
  server.stderr.on("data", (d) => log.push(String(d)));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

async function listeningUrl() {
  for (let i = 0; i < 300; i++) {
    const url = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(""))?.[1];
    if (url) return url;
    if (server.exitCode !== null || /Now listening on/.test(log.join(""))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the published server did not listen on the Urls of its appsettings.json:\n" + log.join(""));
}

test("the published server, run from its data directory, serves the sign-in page and keeps its data there", { skip }, async () => {
  const url = await listeningUrl();
  assert.ok(existsSync(join(root, "data/data/parley.db")), "the SQLite database is under the working directory's data/");
  assert.ok(!existsSync(join(root, "app/data")), "nothing is written beside the binary");

  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
  await page.goto(url + "/");
  await expect(page.getByRole("heading", { name: "Sign in to Parley" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  // A first visit is not an error: no failed request in the console (the session probe answers "signed out").
  assert.deepEqual(problems, []);
  await context.close();
});
