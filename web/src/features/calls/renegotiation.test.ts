import { describe, expect, it } from "vitest";
import { Renegotiation } from "./renegotiation";

/** A negotiation the test finishes by hand. */
function manual() {
  const finishers: ((error?: unknown) => void)[] = [];
  let runs = 0;
  const run = () => {
    runs++;
    return new Promise<void>((ok, fail) => finishers.push((error) => (error ? fail(error) : ok())));
  };
  return { run, finishers, runs: () => runs };
}

describe("renegotiation queue", () => {
  it("runs one at a time; asked again while running, it runs exactly once more after", async () => {
    const m = manual();
    const errors: unknown[] = [];
    const q = new Renegotiation(m.run, (e) => errors.push(e));
    const done = q.request();
    void q.request();
    void q.request();
    expect(m.runs()).toBe(1);
    m.finishers[0]!();
    await new Promise((r) => setTimeout(r, 0));
    expect(m.runs()).toBe(2);
    m.finishers[1]!();
    await done;
    expect(m.runs()).toBe(2);
    expect(errors).toEqual([]);
  });

  it("a failed run is reported and doesn't stop the next", async () => {
    const m = manual();
    const errors: unknown[] = [];
    const q = new Renegotiation(m.run, (e) => errors.push(e));
    const first = q.request();
    m.finishers[0]!(new Error("media_server_unavailable"));
    await first;
    expect(errors).toHaveLength(1);
    const second = q.request();
    m.finishers[1]!();
    await second;
    expect(m.runs()).toBe(2);
  });

  it("stopped: what was owed doesn't run, and new requests do nothing", async () => {
    const m = manual();
    const q = new Renegotiation(m.run, () => undefined);
    const done = q.request();
    void q.request();
    q.stop();
    m.finishers[0]!();
    await done;
    await q.request();
    expect(m.runs()).toBe(1);
  });
});
