// README's "Running several nodes", literally: deploy/local-cluster.sh 2 starts a PostgreSQL and a Redis of its own,
// two nodes and HAProxy in front. People sign up through HAProxy, which sends newcomers to both nodes; each node serves
// the app and /healthz on its own port and knows the accounts made through the other; and SIGTERM to the script leaves
// nothing of the cluster running. Once per test run, in the PostgreSQL pass: the cluster brings its own database.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { join, resolve } from "node:path";
import { provider } from "./harness.mjs";

const repo = resolve(import.meta.dirname, "../..");
const configuration = process.env.PARLEY_E2E_CONFIGURATION ?? "Release";
const dll = process.env.PARLEY_SERVER_DLL ?? join(repo, `src/Parley.Server/bin/${configuration}/net10.0/Parley.Server.dll`);
const skip = provider !== "postgres" && "the cluster runs on a PostgreSQL of its own: once per test run, in the PostgreSQL pass";
const J = { "Content-Type": "application/json" };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let script;
const output = [];
const printed = () => output.join("");
/** What the script says it started ("== node1: pid 1234, …"), and the directory it keeps them in. */
const startedProcesses = () => [...printed().matchAll(/^== (\w+): pid (\d+)/gm)].map((m) => ({ name: m[1], pid: Number(m[2]) }));
const clusterDir = () => /socket (\S+)\/pg port/.exec(printed())?.[1];

function portFree(port) {
  return new Promise((ok) => {
    const s = createServer();
    s.once("error", () => ok(false));
    s.listen(port, "127.0.0.1", () => s.close(() => ok(true)));
  });
}

/**
 * A first port with `count` (at most 10) free ports from it, away from the defaults a person's own cluster uses. Between
 * the server suite's loopback ports (20000–31999) and the kernel's ephemeral range (32768 up), which outgoing
 * connections draw from: a port free when checked there was taken by one before its node bound it.
 */
async function freePorts(count) {
  for (let tries = 0; tries < 50; tries++) {
    const base = 32000 + Math.floor(Math.random() * 76) * 10;
    let free = true;
    for (let p = base; p < base + count && free; p++) free = await portFree(p);
    if (free) return base;
  }
  throw new Error("no free loopback ports");
}

/** True when nothing listens on the port any more. */
function refused(port) {
  return new Promise((ok) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => { s.destroy(); ok(false); });
    s.once("error", () => ok(true));
  });
}

/** Gone, or a zombie nobody has reaped yet (it holds no port and runs nothing). */
function gone(pid) {
  try { return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("Z"); } catch { return true; }
}

/** Processes whose command line or environment names the cluster's directory: its PostgreSQL, HAProxy and nodes. */
function processesUsing(dir) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid || gone(pid)) continue;
    for (const file of ["cmdline", "environ"]) {
      try {
        const text = readFileSync(`/proc/${pid}/${file}`, "utf8").replaceAll("\0", " ");
        if (text.includes(dir)) { found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")}`); break; }
      } catch { /* ended meanwhile, or not ours to read */ }
    }
  }
  return found;
}

async function waitFor(what, condition, seconds) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await condition()) return;
    if (script.exitCode !== null || script.signalCode !== null) break;
    await sleep(100);
  }
  throw new Error(`${what}; the script printed:\n${printed()}`);
}

/** Waits for the script to end, at most `ms`; no timer is left to hold the test runner open. */
function exited(ms) {
  if (script.exitCode !== null || script.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    const timer = setTimeout(r, ms);
    script.once("exit", () => { clearTimeout(timer); r(); });
  });
}

after(async () => {
  // Only when the test failed half-way: the script's own clean-up first, then whatever it left, by force.
  if (!script) return;
  if (script.exitCode === null && script.signalCode === null) {
    script.kill("SIGTERM");
    await exited(30_000);
    if (script.exitCode === null && script.signalCode === null) try { process.kill(-script.pid, "SIGKILL"); } catch { /* gone */ }
  }
  const dir = clusterDir();
  if (dir && existsSync(`${dir}/pg/data/postmaster.pid`)) {
    const pgCtl = readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin/pg_ctl`).find(existsSync);
    const stop = [...(process.getuid() === 0 ? ["runuser", "-u", "postgres", "--"] : []), pgCtl, "-D", `${dir}/pg/data`, "-m", "immediate", "stop"];
    try { execFileSync(stop[0], stop.slice(1), { stdio: "ignore" }); } catch { /* not running */ }
  }
  for (const { pid } of startedProcesses()) if (!gone(pid)) try { process.kill(pid, "SIGKILL"); } catch { /* gone */ }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("deploy/local-cluster.sh 2: two nodes behind HAProxy, one database, and nothing left once it stops", { skip, timeout: 120_000 }, async (t) => {
  const startedAt = Date.now();
  const base = await freePorts(6); // HAProxy, two nodes, Redis, two metrics listeners
  const ports = { haproxy: base, nodes: [base + 1, base + 2], redis: base + 3, metrics: base + 4 };
  script = spawn("bash", [join(repo, "deploy/local-cluster.sh"), "2"], {
    // Its own process group: a Ctrl-C meant for the test runner is not the signal under test.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PARLEY_CLUSTER_PORT: String(ports.haproxy),
      PARLEY_CLUSTER_NODE_PORT: String(ports.nodes[0]),
      PARLEY_CLUSTER_REDIS_PORT: String(ports.redis),
      PARLEY_CLUSTER_METRICS_PORT: String(ports.metrics),
      PARLEY_CLUSTER_DLL: dll, // the build the other e2e tests run
      PARLEY_CLUSTER_TIMEOUT: "60",
      Parley__Auth__PasswordIterations: "1000",
    },
  });
  script.stdout.on("data", (d) => output.push(String(d)));
  script.stderr.on("data", (d) => output.push(String(d)));

  await waitFor("the cluster did not say it was ready", () => /^== ready: /m.test(printed()), 90);
  const haproxy = `http://127.0.0.1:${ports.haproxy}`;
  const nodes = ports.nodes.map((p) => `http://127.0.0.1:${p}`);
  const started = startedProcesses();
  assert.deepEqual(started.map((s) => s.name), ["PostgreSQL", "Redis", "node1", "node2", "HAProxy"]);
  const dir = clusterDir();

  // Each node on its own port: the app and its health.
  for (const [i, node] of nodes.entries()) {
    const health = await fetch(node + "/healthz/ready");
    assert.equal(health.status, 200, `${node}/healthz/ready`);
    const report = await health.json();
    assert.equal(report.status, "ok");
    assert.equal(report.node, `node${i + 1}`, "each node names itself");
    // Each node's metrics on a port of its own (two on one machine can't share one).
    const metrics = await fetch(`http://127.0.0.1:${ports.metrics + i}/metrics`);
    assert.equal(metrics.status, 200, `node${i + 1}'s metrics`);
    assert.match(await metrics.text(), /parley_/);
    const page = await fetch(node + "/");
    assert.equal(page.status, 200, `${node}/`);
    assert.match(await page.text(), /<title>Parley<\/title>/);
  }

  // HAProxy sends newcomers round the nodes and pins each to one with its cookie.
  const pinned = [];
  for (let i = 0; i < 2; i++) {
    const res = await fetch(haproxy + "/");
    assert.equal(res.status, 200);
    pinned.push(/^PARLEY_NODE=(\w+)/.exec(res.headers.getSetCookie().find((c) => c.startsWith("PARLEY_NODE=")) ?? "")?.[1]);
  }
  assert.deepEqual(pinned.sort(), ["node1", "node2"], "two newcomers through HAProxy reach both nodes");

  // Two people sign up and sign in through HAProxy; either node knows them (one database, one set of keys).
  for (const userName of ["alice", "bob"]) {
    const account = { userName, password: "a long enough password", displayName: userName };
    const registered = await fetch(haproxy + "/api/auth/register", { method: "POST", headers: J, body: JSON.stringify(account) });
    assert.equal(registered.status, 201, `signing up ${userName}: ${await registered.text()}`);
    const login = await fetch(haproxy + "/api/auth/login", { method: "POST", headers: J, body: JSON.stringify(account) });
    assert.equal(login.status, 200, `signing in ${userName}`);
    const { accessToken } = await login.json();
    for (const node of nodes) {
      const me = await fetch(node + "/api/me", { headers: { Authorization: `Bearer ${accessToken}` } });
      assert.equal(me.status, 200, `${userName} on ${node}`);
      assert.equal((await me.json()).userName, userName);
    }
  }

  // SIGTERM: the script stops all it started and says so.
  const before = started.filter((s) => !gone(s.pid));
  assert.deepEqual(before, started, "everything it started is running before the stop");
  script.kill("SIGTERM");
  const stopping = Date.now();
  await exited(60_000);
  assert.equal(script.exitCode, 0, `the script ends cleanly on SIGTERM:\n${printed()}`);
  assert.match(printed(), /^== stopped; removed /m);
  t.diagnostic(`cluster up in ${((stopping - startedAt) / 1000).toFixed(1)} s with the checks, stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
  assert.deepEqual(started.filter((s) => !gone(s.pid)), [], "every process it started has ended");
  for (const port of [ports.haproxy, ...ports.nodes, ports.redis, ports.metrics, ports.metrics + 1]) assert.ok(await refused(port), `port ${port} is free`);
  assert.deepEqual(processesUsing(dir), [], "no process uses the cluster's directory (PostgreSQL's backends, a node)");
  assert.ok(!existsSync(dir), "the cluster's directory is removed");
});
