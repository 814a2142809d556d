// The service worker (built to /sw.js, scope "/"): shows Web Push notifications and opens the conversation on a click.
// Compiled by Vite as its own entry; it imports only lib/pushPayload.ts (no DOM code).
import { notificationFromPush, pickWindow, shouldShowPush } from "./lib/pushPayload";

// The bits of the service worker API used here (the project's TypeScript lib is DOM, not WebWorker).
interface WindowClientLike { focused: boolean; url: string; focus(): Promise<unknown>; postMessage(m: unknown): void }
interface SwEvent { waitUntil(p: Promise<unknown>): void }
interface SwPushEvent extends SwEvent { data: { json(): unknown } | null }
interface SwClickEvent extends SwEvent { notification: { close(): void; data: unknown } }
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
  addEventListener(type: "install" | "activate", l: (e: SwEvent) => void): void;
}
const sw = self as unknown as SwScope;

sw.addEventListener("install", (e) => e.waitUntil(sw.skipWaiting()));
sw.addEventListener("activate", (e) => e.waitUntil(sw.clients.claim()));

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
