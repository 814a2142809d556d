import { describe, expect, it } from "vitest";
import { applyUpdate, TAKE_OVER, watchForUpdate, type ContainerLike, type RegistrationLike, type WorkerLike } from "./updates";

class FakeWorker implements WorkerLike {
  state = "installing";
  readonly sent: unknown[] = [];
  private readonly listeners: (() => void)[] = [];
  postMessage(m: unknown) { this.sent.push(m); }
  addEventListener(_t: "statechange", l: () => void) { this.listeners.push(l); }
  become(state: string) { this.state = state; this.listeners.forEach((l) => l()); }
}

class FakeRegistration implements RegistrationLike {
  waiting: WorkerLike | null = null;
  installing: WorkerLike | null = null;
  private readonly listeners: (() => void)[] = [];
  addEventListener(_t: "updatefound", l: () => void) { this.listeners.push(l); }
  found(w: FakeWorker) { this.installing = w; this.listeners.forEach((l) => l()); }
}

class FakeContainer implements ContainerLike {
  private readonly listeners: (() => void)[] = [];
  constructor(public controller: unknown) {}
  addEventListener(_t: "controllerchange", l: () => void) { this.listeners.push(l); }
  change() { this.listeners.forEach((l) => l()); }
}

describe("update prompt", () => {
  it("offers a new version once its worker is installed while an older one serves the page", () => {
    const reg = new FakeRegistration();
    const offered: WorkerLike[] = [];
    watchForUpdate(reg, new FakeContainer({}), (w) => offered.push(w));
    const next = new FakeWorker();
    reg.found(next);
    expect(offered).toEqual([]); // still installing
    next.become("installed");
    expect(offered).toEqual([next]);
  });

  it("offers a version that was already waiting when the page loaded", () => {
    const reg = new FakeRegistration();
    const waiting = new FakeWorker();
    waiting.state = "installed";
    reg.waiting = waiting;
    const offered: WorkerLike[] = [];
    watchForUpdate(reg, new FakeContainer({}), (w) => offered.push(w));
    expect(offered).toEqual([waiting]);
  });

  it("offers nothing on the first visit: the first worker is no update", () => {
    const reg = new FakeRegistration();
    const offered: WorkerLike[] = [];
    watchForUpdate(reg, new FakeContainer(null), (w) => offered.push(w));
    const first = new FakeWorker();
    reg.found(first);
    first.become("installed");
    expect(offered).toEqual([]);
  });

  it("Reload tells the waiting worker to take over, and reloads once when it has", () => {
    const container = new FakeContainer({});
    const worker = new FakeWorker();
    let reloads = 0;
    applyUpdate(worker, container, () => reloads++);
    expect(worker.sent).toEqual([TAKE_OVER]);
    expect(reloads).toBe(0); // not before the new worker controls the page
    container.change();
    container.change();
    expect(reloads).toBe(1);
  });
});
