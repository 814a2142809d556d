// A Janus media server of the test's own (issue 19, sfu calls; README "Calls"): Debian's janus with a private config
// folder loading only the VideoRoom plugin and the HTTP transport, its API on 127.0.0.1 at a free port with a random
// api_secret and VideoRoom admin_key, RTP ports from a random window, and ICE only on this host's own IPv4 address
// (`-E`): Janus skips loopback interfaces, so media can't use 127.0.0.1 (the host address is routed through `lo`, so
// nothing leaves the machine). Stopped by stop(), and killed when the test process exits whatever happens.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./harness.mjs";
import { owned } from "./owned-process.mjs";

const libDir = process.env.JANUS_LIB_DIR ?? "/usr/lib/x86_64-linux-gnu/janus";

/** This host's own primary IPv4 address (the source of its default route; looking it up sends nothing), or null. */
export function hostIp() {
  const first = (args, re) => {
    try {
      return re.exec(execFileSync("ip", args, { stdio: ["ignore", "pipe", "ignore"] }).toString())?.[1] ?? null;
    } catch {
      return null;
    }
  };
  return first(["-4", "-o", "route", "get", "1.1.1.1"], /\bsrc (\d+\.\d+\.\d+\.\d+)/)
    ?? first(["-4", "-o", "addr", "show", "scope", "global"], /\binet (\d+\.\d+\.\d+\.\d+)/);
}

/** Starts Janus with ICE on `ip` (hostIp()); resolves once its HTTP API answers. */
export async function startJanus(ip) {
  const port = await freePort();
  const apiSecret = randomBytes(18).toString("base64url");
  const adminKey = randomBytes(18).toString("base64url");
  const dir = mkdtempSync(join(tmpdir(), "parley-janus-"));
  const conf = join(dir, "conf"), plugins = join(dir, "plugins"), transports = join(dir, "transports"), empty = join(dir, "empty");
  for (const d of [conf, plugins, transports, empty]) mkdirSync(d);
  // One symlink each: only what Parley uses is loaded.
  symlinkSync(join(libDir, "plugins/libjanus_videoroom.so"), join(plugins, "libjanus_videoroom.so"));
  symlinkSync(join(libDir, "transports/libjanus_http.so"), join(transports, "libjanus_http.so"));
  // RTP ports from a random window below coturn's relay ports (turn.mjs), so two runs on one machine don't collide.
  const rtp = 40000 + Math.floor(Math.random() * 90) * 100;
  writeFileSync(join(conf, "janus.jcfg"), `general: {
  configs_folder = "${conf}"
  plugins_folder = "${plugins}"
  transports_folder = "${transports}"
  events_folder = "${empty}"
  loggers_folder = "${empty}"
  debug_level = 4
  api_secret = "${apiSecret}"
  server_name = "parley-e2e-janus"
  session_timeout = 60
}
media: { rtp_port_range = "${rtp}-${rtp + 99}" }
nat: { nice_debug = false ignore_mdns = true }
plugins: { }
transports: { }
events: { }
`);
  writeFileSync(join(conf, "janus.transport.http.jcfg"), `general: { json = "plain" base_path = "/janus" http = true port = ${port} ip = "127.0.0.1" https = false acl = "127." }
admin: { admin_http = false }
cors: { }
`);
  writeFileSync(join(conf, "janus.plugin.videoroom.jcfg"), `general: { admin_key = "${adminKey}" string_ids = true }
`);

  const args = ["-C", join(conf, "janus.jcfg"), "-F", conf, "-P", plugins, "-E", ip, "-o"];
  const child = spawn(process.env.JANUS_PATH ?? "janus", args, { stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  child.stdout.on("data", (d) => log.push(String(d)));
  child.stderr.on("data", (d) => log.push(String(d)));
  const { killNow, stop } = owned(child, dir, 5000);
  const failed = new Promise((_, fail) => child.once("error", fail));
  const url = `http://127.0.0.1:${port}/janus`;
  const answers = () => fetch(`${url}/info`).then((r) => r.ok, () => false);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error("janus exited:\n" + log.join(""));
    if (await Promise.race([answers(), failed])) break;
    if (i > 100) { killNow(); throw new Error("janus did not start:\n" + log.join("")); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    apiSecret,
    adminKey,
    log,
    /** The settings Parley reads (Parley:Calls:Janus:*). */
    env: { Parley__Calls__Janus__Url: url, Parley__Calls__Janus__ApiSecret: apiSecret, Parley__Calls__Janus__AdminKey: adminKey },
    stop,
  };
}
