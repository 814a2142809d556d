// The service worker (built to /sw.js, scope "/"): caches the app shell so Parley opens offline, waits to take over
// until the page says so (the update prompt), shows Web Push notifications and opens the conversation on a click.
// Compiled by Vite as its own entry; it imports only lib/pushPayload.ts and lib/shellCache.ts (no DOM code, and
// nothing the app imports, so no chunk is shared).
import { notificationFromPush, pickWindow, shouldShowPush } from "./lib/pushPayload";
import { SHELL_CACHE_PREFIX, shellFiles, shellRoute } from "./lib/shellCache";

// The bits of the service worker API used here (the project's TypeScript lib is DOM, not WebWorker).
interface WindowClientLike { focused: boolean; url: string; focus(): Promise<unknown>; postMessage(m: unknown): void }
interface SwEvent { waitUntil(p: Promise<unknown>): void }
interface SwPushEvent extends SwEvent { data: { json(): unknown } | null }
interface SwClickEvent extends SwEvent { notification: { close(): void; data: unknown } }
interface SwFetchEvent extends SwEvent { request: Request; respondWith(r: Promise<Response>): void }
interface SwMessageEvent extends SwEvent { data: unknown }
interface SwScope {
  location: Location;
  registration: { showNotification(title: string, options: object): Promise<void> };
  clients: {
    matchAll(o: { type: "window"; includeUncontrolled: boolean }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: "push", l: (e: SwPushEvent) => void): void;
  addEventListener(type: "notificationclick", l: (e: SwClickEvent) => void): void;
  addEventListener(type: "fetch", l: (e: SwFetchEvent) => void): void;
  addEventListener(type: "message", l: (e: SwMessageEvent) => void): void;
  addEventListener(type: "install" | "activate", l: (e: SwEvent) => void): void;
}
const sw = self as unknown as SwScope;

// Written by the build at the top of sw.js (vite.config.ts): this build's id and its shell files (index.html, the
// built files, the public files). A new build changes sw.js, which is how the browser learns of it.
const built = (self as unknown as { parleyBuild?: { id: string; shell: string[] } }).parleyBuild;
const BUILD = built?.id ?? "dev";
const SHELL = shellFiles(built?.shell ?? []);
const CACHE = SHELL_CACHE_PREFIX + BUILD;
const shellSet = new Set(SHELL);

// Installed: the whole shell is cached before this worker counts as installed. It then waits while an older worker
// serves open pages, until the page's update prompt says "take over" (or every tab has closed).
sw.addEventListener("install", (e) => e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL))));

sw.addEventListener("activate", (e) => e.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith(SHELL_CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
  await sw.clients.claim();
})()));

sw.addEventListener("message", (e) => {
  const d = e.data as { type?: string } | null;
  if (d?.type === "parley:take-over") e.waitUntil(sw.skipWaiting());
});

sw.addEventListener("fetch", (e) => {
  const req = e.request;
  const route = shellRoute(req.method, new URL(req.url), req.mode, sw.location.origin, shellSet);
  if (route === "page") e.respondWith(page(req));
  else if (route === "cached") e.respondWith(cached(req));
});

/** Network first; offline (or the server down) the cached index.html, which opens the app from its saved state. */
async function page(req: Request): Promise<Response> {
  try {
    const res = await fetch(req);
    if (res.status < 500) return res;
    return (await caches.match("/index.html", { cacheName: CACHE })) ?? res;
  } catch (err) {
    const shell = await caches.match("/index.html", { cacheName: CACHE });
    if (shell) return shell;
    throw err;
  }
}

/** Hashed files never change: the cache first; a file of a newer build seen by this page is kept too. */
async function cached(req: Request): Promise<Response> {
  const hit = await caches.match(req, { cacheName: CACHE });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && new URL(req.url).pathname.startsWith("/assets/")) {
    const copy = res.clone();
    void caches.open(CACHE).then((c) => c.put(req, copy)).catch(() => undefined);
  }
  return res;
}

sw.addEventListener("push", (e) => {
  let payload: unknown = null;
  try {
    payload = e.data?.json() ?? null;
  } catch {
    payload = null;
  }
  const n = notificationFromPush(payload);
  if (!n) return;
  e.waitUntil(sw.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) =>
    shouldShowPush(windows) ? sw.registration.showNotification(n.title, n.options) : undefined));
});

sw.addEventListener("notificationclick", (e) => {
  e.notification.close();
  const data = e.notification.data as { roomId?: string; url?: string } | null;
  const url = data?.url ?? "/";
  e.waitUntil(sw.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (windows) => {
    const w = pickWindow(windows, sw.location.origin);
    if (!w) return sw.clients.openWindow(url);
    await w.focus();
    w.postMessage({ type: "parley:open-room", roomId: data?.roomId ?? null });
  }));
});
