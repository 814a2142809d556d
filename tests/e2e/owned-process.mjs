// A helper process a test starts (coturn, Janus): killed when the test process exits whatever happens, and stopped
// politely (SIGTERM, then SIGKILL after a grace) with its private folder removed.
import { rmSync } from "node:fs";

export function owned(child, dir, graceMs) {
  const killNow = () => { if (child.exitCode === null) child.kill("SIGKILL"); };
  process.once("exit", killNow);
  return {
    killNow,
    async stop() {
      process.removeListener("exit", killNow);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(killNow, graceMs);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
