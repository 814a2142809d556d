/**
 * The update prompt's logic, over the few parts of the service worker API it needs (so it is tested with fakes).
 * A new build ships a new sw.js; the browser installs it beside the running one, where it waits. This page then
 * offers "Reload"; on that the waiting worker takes over and the page reloads once it has.
 */
export interface WorkerLike {
  readonly state: string;
  postMessage(message: unknown): void;
  addEventListener(type: "statechange", listener: () => void): void;
}

export interface RegistrationLike {
  readonly waiting: WorkerLike | null;
  readonly installing: WorkerLike | null;
  addEventListener(type: "updatefound", listener: () => void): void;
}

export interface ContainerLike {
  /** The worker serving this page; null on the very first visit (nothing to update then). */
  readonly controller: unknown;
  addEventListener(type: "controllerchange", listener: () => void): void;
}

/** What the page tells a waiting worker (sw.ts). */
export const TAKE_OVER = { type: "parley:take-over" } as const;

/** Calls `onWaiting` with a new version's worker once it is installed and waiting while this page runs an older one. */
export function watchForUpdate(reg: RegistrationLike, container: ContainerLike, onWaiting: (worker: WorkerLike) => void): void {
  const offer = (w: WorkerLike | null) => {
    if (w && container.controller) onWaiting(w);
  };
  offer(reg.waiting);
  reg.addEventListener("updatefound", () => {
    const w = reg.installing;
    if (!w) return;
    w.addEventListener("statechange", () => {
      if (w.state === "installed") offer(w);
    });
  });
}

/** "Reload": the waiting worker takes over, then the page reloads (once, whoever else changes the controller). */
export function applyUpdate(worker: WorkerLike, container: ContainerLike, reload: () => void): void {
  let reloaded = false;
  container.addEventListener("controllerchange", () => {
    if (reloaded) return;
    reloaded = true;
    reload();
  });
  worker.postMessage(TAKE_OVER);
}
