import { serviceWorkerUrl } from "../../lib/trustedTypes";
import { applyUpdate, watchForUpdate, type WorkerLike } from "./updates";

/** How often an open tab asks for a new sw.js (the browser also checks on each page load). */
const CHECK_EVERY_MS = 30 * 60 * 1000;

type Listener = () => void;
const listeners = new Set<Listener>();
let waiting: WorkerLike | null = null;
let registering: Promise<ServiceWorkerRegistration | null> | null = null;

export function swSupported(): boolean {
  return "serviceWorker" in navigator && import.meta.env.PROD;
}

/**
 * Registers /sw.js (scope "/") once, at start-up: it caches the app shell (so Parley opens offline) and serves push.
 * Resolves to the registration, or null where there is no service worker.
 */
export function registerAppWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!swSupported()) return Promise.resolve(null);
  registering ??= (async () => {
    try {
      const container = navigator.serviceWorker;
      // register() is a Trusted Types sink: the URL is signed by the app's policy.
      const reg = await container.register(serviceWorkerUrl() as string, { scope: "/" });
      watchForUpdate(reg, container, (w) => {
        waiting = w;
        for (const l of listeners) l();
      });
      setInterval(() => void reg.update().catch(() => undefined), CHECK_EVERY_MS);
      window.addEventListener("online", () => void reg.update().catch(() => undefined));
      return reg;
    } catch (e) {
      console.info("[sw] not registered", e instanceof Error ? e.message : e);
      return null;
    }
  })();
  return registering;
}

/** A new version is installed and waiting (the banner shows). */
export function updateWaiting(): boolean {
  return waiting !== null;
}

export function subscribeUpdates(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The banner's "Reload". */
export function reloadIntoUpdate(): void {
  if (!waiting) return;
  applyUpdate(waiting, navigator.serviceWorker, () => window.location.reload());
}
