import type { PushPayload } from "../api/types";

/** What the service worker shows for a push: title, options, and where a click goes. */
export interface PushNotification {
  title: string;
  options: { body: string; tag: string; icon: string; badge: string; renotify: boolean; data: { roomId: string; url: string } };
}

/** The app's URL of a conversation (see features/chat/route.ts). */
export function roomPath(roomId: string): string {
  return `/r/${roomId}`;
}

/**
 * The server's push payload { title, body, roomId, messageId, seq } as a notification: one per conversation (the tag),
 * a newer one replacing the older with a sound again. Null for anything else (a malformed or foreign payload).
 */
export function notificationFromPush(data: unknown): PushNotification | null {
  if (!data || typeof data !== "object") return null;
  const p = data as Partial<PushPayload>;
  if (typeof p.roomId !== "string" || !/^[0-9a-fA-F-]{36}$/.test(p.roomId)) return null;
  const title = typeof p.title === "string" && p.title.trim() ? p.title.slice(0, 120) : "Parley";
  const body = typeof p.body === "string" ? p.body.slice(0, 300) : "New message";
  const roomId = p.roomId.toLowerCase();
  return {
    title,
    options: { body, tag: `room-${roomId}`, icon: "/favicon.svg", badge: "/favicon.svg", renotify: true, data: { roomId, url: roomPath(roomId) } },
  };
}

/** A push is shown unless a window of the app has focus (the open tab alerts by itself). */
export function shouldShowPush(windows: readonly { focused: boolean }[]): boolean {
  return !windows.some((w) => w.focused);
}

/** The window to reuse on a click: a focused one, else any; null opens a new one. */
export function pickWindow<T extends { focused: boolean; url: string }>(windows: readonly T[], origin: string): T | null {
  const ours = windows.filter((w) => w.url.startsWith(origin));
  return ours.find((w) => w.focused) ?? ours[0] ?? null;
}
