// A coturn TURN server of the test's own on 127.0.0.1 (issue 19; README "Calls through NAT"): a free port, a random shared secret
// (TURN REST API credentials, as Parley issues them), relaying only between loopback addresses. With `relayIp` (this
// host's own address, janus.mjs hostIp()) it relays from that address and reaches only it and 127.0.0.1: Janus can't
// do ICE on loopback, and packets to the host's own address go through `lo`. Stopped by stop(), and killed when the
// test process exits whatever happens.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./harness.mjs";
import { owned } from "./owned-process.mjs";

function accepts(port) {
  return new Promise((ok) => {
    const s = connect({ host: "127.0.0.1", port }, () => { s.destroy(); ok(true); });
    s.on("error", () => ok(false));
  });
}

export async function startTurn({ relayIp = null } = {}) {
  const port = await freePort();
  const secret = randomBytes(18).toString("base64url");
  const dir = mkdtempSync(join(tmpdir(), "parley-turn-"));
  // Relay ports from a random window, so two runs on one machine don't collide.
  const minPort = 49200 + Math.floor(Math.random() * 150) * 100;
  const args = [
    "-n", "--listening-ip=127.0.0.1", `--listening-port=${port}`, `--relay-ip=${relayIp ?? "127.0.0.1"}`,
    `--min-port=${minPort}`, `--max-port=${minPort + 99}`,
    "--allow-loopback-peers", "--denied-peer-ip=0.0.0.0-255.255.255.255", "--allowed-peer-ip=127.0.0.1",
    ...(relayIp ? [`--allowed-peer-ip=${relayIp}`] : []),
    "--use-auth-secret", `--static-auth-secret=${secret}`, "--realm=parley.test", "--fingerprint",
    "--no-tls", "--no-dtls", "--no-cli", "--no-multicast-peers", "--no-rfc5780", "--no-stun-backward-compatibility",
    "--simple-log", "--log-file=stdout", `--pidfile=${join(dir, "turnserver.pid")}`, `--userdb=${join(dir, "turndb")}`,
  ];
  const child = spawn(process.env.TURNSERVER_PATH ?? "turnserver", args, { stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  const { killNow, stop } = owned(child, dir, 3000);
  const failed = new Promise((_, fail) => child.once("error", fail));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error("turnserver exited:\n" + log.join(""));
    if (await Promise.race([accepts(port), failed])) break;
    if (i > 100) { killNow(); throw new Error("turnserver did not start:\n" + log.join("")); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    dir,
    log,
    stop,
    /** A file for Chromium's fake microphone in this server's folder (removed with it). */
    writeFile(name, bytes) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
  };
}
