import { api } from "../../api/client";
import type { PushSubscriptionJson } from "../../api/types";
import { navigateToRoom } from "../chat/route";
import { registerAppWorker } from "../shell/updateStore";

/** Logged, never shown: push needs a push service the browser may not reach (offline machines, headless browsers). */
const note = (what: string, e?: unknown) => console.info(`[push] ${what}`, e instanceof Error ? e.message : e ?? "");

function supported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && import.meta.env.PROD;
}

let listening = false;

/** After sign-in: /sw.js is registered (main.tsx did at start-up), and its "open this conversation" messages followed. */
export async function registerServiceWorker(): Promise<void> {
  if (!supported()) return;
  if (!listening) {
    listening = true;
    navigator.serviceWorker.addEventListener("message", (e: MessageEvent) => {
      const d = e.data as { type?: string; roomId?: string } | null;
      if (d?.type === "parley:open-room" && d.roomId) navigateToRoom(d.roomId);
    });
  }
  if (!(await registerAppWorker())) note("service worker not registered");
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** With notification permission: subscribes this device to Web Push and tells the server (again, harmlessly, each sign-in). */
export async function enablePush(): Promise<void> {
  if (!supported() || Notification.permission !== "granted") return;
  try {
    const reg = await navigator.serviceWorker.getRegistration("/");
    if (!reg) return;
    let sub = await reg.pushManager.getSubscription();
    if (!sub) {
      const { publicKey } = await api.pushKey();
      sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
    }
    await api.addPushSubscription(sub.toJSON() as PushSubscriptionJson);
  } catch (e) {
    note("no push subscription", e);
  }
}

/** On sign-out: the server forgets this device, then the browser drops the subscription. */
export async function disablePush(): Promise<void> {
  if (!supported()) return;
  try {
    const reg = await navigator.serviceWorker.getRegistration("/");
    const sub = await reg?.pushManager.getSubscription();
    if (!sub) return;
    await api.removePushSubscription(sub.endpoint).catch((e) => note("server kept the subscription", e));
    await sub.unsubscribe();
  } catch (e) {
    note("unsubscribe failed", e);
  }
}
