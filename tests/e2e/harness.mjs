// Starts the real Parley server (the built DLL) on a free loopback port with a database of its own,
// and Debian's Chromium through playwright-core. Used by every e2e test; everything stops by itself.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { explainFailedWaits } from "./expect.mjs";

const repo = resolve(import.meta.dirname, "../..");
const serverDir = join(repo, "src/Parley.Server");
const configuration = process.env.PARLEY_E2E_CONFIGURATION ?? "Release";
const dll = process.env.PARLEY_SERVER_DLL ?? join(serverDir, `bin/${configuration}/net10.0/Parley.Server.dll`);
export const artifacts = join(repo, ".test-artifacts/e2e");
mkdirSync(artifacts, { recursive: true });

// PARLEY_TEST_POSTGRES_SOCKET=<dir>:<port> runs the server on a fresh PostgreSQL database instead of SQLite.
const pg = process.env.PARLEY_TEST_POSTGRES_SOCKET;
export const provider = pg ? "postgres" : "sqlite";

// Below the kernel's ephemeral range (32768 and up here), so no outgoing connection of the browser, the server or a
// database can take the port between this probe and the server's bind; and below the .NET tests' 20000–32000.
const firstPort = 10000, lastPort = 19999;

function listensFree(port) {
  return new Promise((ok) => {
    const s = createServer();
    s.once("error", () => ok(false));
    s.listen(port, "127.0.0.1", () => s.close(() => ok(true)));
  });
}

export async function freePort() {
  for (let i = 0; i < 200; i++) {
    const port = firstPort + Math.floor(Math.random() * (lastPort - firstPort + 1));
    if (await listensFree(port)) return port;
  }
  throw new Error(`no free port between ${firstPort} and ${lastPort}`);
}

function psql(sql) {
  const [host, port] = pg.split(":");
  execFileSync("psql", ["-h", host, "-p", port, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: "pipe" });
}

/** Servers still running; killed as the file's process exits, whatever the file did or failed to do. */
const running = new Set();
process.on("exit", () => { for (const child of running) child.kill("SIGKILL"); });

/** A running server; restart() keeps its port and database, like an operator restarting the service. `extraEnv`: more settings. */
export async function startServer(extraEnv = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "parley-e2e-"));
  const env = {
    ...process.env,
    ASPNETCORE_URLS: `http://127.0.0.1:${port}`,
    // The metrics listener's default port is one per machine; each server here gets its own.
    Parley__Metrics__Urls: `http://127.0.0.1:${await freePort()}`,
    Parley__RateLimits__SendPerSecond: "1000",
    Parley__RateLimits__SendBurst: "1000",
    Parley__RateLimits__CallsPerSecond: "1000",
    Parley__RateLimits__CallBurst: "1000",
    Parley__RateLimits__AuthPerMinute: "1000",
    Parley__RateLimits__UploadsPerMinute: "1000",
    // Sign-ups are set-up here; the server suite checks the real hashing strength.
    Parley__Auth__PasswordIterations: "1000",
    // The server turns tiered compilation off for throughput (docs/benchmarks.md); a browser test's server lives a minute,
    // and tiered start-up took 4.4 CPU-seconds where fully optimised JIT took 7.7. Without call counting nothing is
    // compiled again once warm: a signed-up user and 30 s idle cost 6 CPU-seconds instead of 10.
    DOTNET_TieredCompilation: "1",
    DOTNET_TC_CallCounting: "0",
    // Nor instrumented start-up code for a profile nothing uses: 2.4–2.8 CPU-seconds to /healthz instead of 3.1–3.2.
    DOTNET_TieredPGO: "0",
    // Small enough that a test can go over it without a big upload.
    Parley__Files__MaxFileBytes: String(3 * 1024 * 1024),
    ...extraEnv,
  };
  let database;
  if (pg) {
    database = "parley_e2e_" + Math.random().toString(36).slice(2, 12);
    psql(`CREATE DATABASE ${database}`);
    const [host, pgPort] = pg.split(":");
    env.Parley__Database__Provider = "postgres";
    env.ConnectionStrings__Parley = `Host=${host};Port=${pgPort};Username=postgres;Database=${database}`;
  } else {
    env.ConnectionStrings__Parley = `Data Source=${join(dir, "parley.db")}`;
  }

  let child;
  const log = [];
  async function boot() {
    child = spawn("dotnet", [dll], { cwd: serverDir, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => log.push(String(d)));
    child.stderr.on("data", (d) => log.push(String(d)));
    running.add(child);
    const mine = child;
    child.once("exit", () => running.delete(mine));
    // A server a failed file never stopped must not keep its process, and so the whole run, alive: see `running`.
    child.unref();
    child.stdout.unref();
    child.stderr.unref();
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150; i++) {
      if (child.exitCode !== null) throw new Error("server exited:\n" + log.join(""));
      try { if ((await fetch(url + "/healthz")).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("server did not start:\n" + log.join(""));
  }
  async function halt() {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await boot();
  // A failed wait shows what this server said last.
  const unexplain = explainFailedWaits(() => {
    const lines = log.join("").split("\n").filter((l) => l.trim());
    return `-- the server on port ${port}, its last lines:\n` + lines.slice(-25).join("\n");
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    restart: async () => { await halt(); await boot(); },
    stopOnly: halt,
    start: boot,
    async stop() {
      unexplain();
      await halt();
      if (database) { try { psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`); } catch { /* best effort */ } }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const chromiumOptions = (extraArgs) => ({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    ...extraArgs,
  ],
});

/** Debian's Chromium, headless, never a downloaded browser. `extraArgs`: more switches (a fake microphone's file). */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch(chromiumOptions(extraArgs));
}

/**
 * Chromium with a real (not incognito) profile in a temporary folder, removed when it closes: what installing an app
 * needs (Chromium offers no install in incognito). Returns the browser context; close() cleans up.
 */
export async function launchProfileBrowser() {
  const dir = mkdtempSync(join(tmpdir(), "parley-profile-"));
  const context = await chromium.launchPersistentContext(dir, chromiumOptions([]));
  const close = context.close.bind(context);
  context.close = async () => {
    try { await close(); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
  return context;
}

/** A page that fails the test on any console error, page error or CSP violation (Trusted Types ones included). */
export async function strictPage(context, problems) {
  const page = await context.newPage();
  // Every violation of the page's policy (a blocked load, an HTML or script-URL sink given a plain string under
  // Trusted Types) is reported by the document, whether or not the browser also logs it.
  await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI} ${e.sample ?? ""}`)));
  page.on("pageerror", (e) => problems.push("pageerror: " + e.message));
  page.on("console", (m) => {
    const t = m.text();
    // Failed loads are reported with their URL by the response listener below.
    if (/^Failed to load resource/.test(t)) return;
    if (m.type() === "error" || /Content Security Policy/i.test(t)) problems.push(`console ${m.type()}: ${t}`);
  });
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 500 || r.status() === 404) problems.push(`HTTP ${r.status()} ${r.request().method()} ${path}`);
  });
  return page;
}
