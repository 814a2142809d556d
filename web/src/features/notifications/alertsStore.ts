import type { Guid, MessageDto } from "../../api/types";
import { conversationTitle, isDirect } from "../../lib/names";
import { isNotifiable, notificationBody } from "../../lib/notify";
import { plainPreview } from "../../lib/markdown";
import { playChime } from "../../lib/sound";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";
import { navigateToRoom } from "../chat/route";
import type { PresenceStore } from "../presence/presenceStore";
import type { SettingsStore } from "../settings/settingsStore";
import { enablePush } from "./push";

export interface Toast {
  id: string;
  roomId: Guid;
  messageId: Guid;
  sender: string;
  /** "#general", or the DM's title. */
  place: string;
  body: string;
}

export interface AlertsState {
  toasts: Toast[];
  /** Show the "Get notified of new messages" bar. */
  offerPermission: boolean;
}

const TOAST_MS = 8000;
const MAX_TOASTS = 3;
const DISMISSED_KEY = "parley.notifications.asked";

function permission(): NotificationPermission | "unsupported" {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/**
 * Alerts in the open tab for new messages that should notify me (lib/notify): a toast and a chime when the message
 * is in another conversation than the one on screen, a system notification when the tab is hidden. Also when to
 * offer notification permission: after my first message, or from settings — never on load.
 */
export class AlertsStore extends Store<AlertsState> {
  private readonly offs: (() => void)[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly chat: ChatStore, private readonly presence: PresenceStore, private readonly settings: SettingsStore) {
    super({ toasts: [], offerPermission: false });
  }

  start(): void {
    this.offs.push(
      this.chat.onHub<MessageDto>(HubEvents.MessageCreated, (m) => this.onMessage(m)),
      // Opening a conversation (any way) settles its toasts.
      this.chat.subscribe(() => {
        const current = this.chat.getState().currentRoomId;
        if (current && this.getState().toasts.some((t) => t.roomId === current)) {
          for (const t of this.getState().toasts) if (t.roomId === current) this.dismiss(t.id);
        }
      }),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private onMessage(m: MessageDto): void {
    const chat = this.chat.getState();
    const me = chat.me;
    if (m.senderId === me.id) {
      if (m.kind === "text") this.maybeOfferPermission();
      return;
    }
    const summary = chat.summaries[m.roomId];
    if (!summary) return;
    const { settings, blocked } = this.settings.getState();
    const notifiable = isNotifiable(m, {
      me, kind: summary.room.kind, level: summary.notificationLevel, myStatus: this.presence.statusOf(me.id)?.status,
      dndSchedule: settings.dndSchedule, timeZone: me.timeZone, blocked, now: new Date(),
    });
    const hidden = document.visibilityState === "hidden";
    if (!notifiable || (!hidden && m.roomId === chat.currentRoomId)) return;

    const sender = chat.users[m.senderId]?.displayName ?? "Someone";
    const title = conversationTitle(summary, me.id, chat.users);
    const place = summary.room.kind === "dm" ? "Direct message" : isDirect(summary) ? title : `#${title}`;
    const body = notificationBody(m, settings.notificationPreview, (t) => plainPreview(t, 140));
    if (hidden && permission() === "granted") {
      this.systemNotification(isDirect(summary) && summary.room.kind === "dm" ? sender : `${sender} in ${place}`, body, m);
    } else {
      this.addToast({ id: m.id, roomId: m.roomId, messageId: m.id, sender, place, body });
    }
    if (settings.notificationSound && !hidden) playChime();
  }

  private systemNotification(title: string, body: string, m: MessageDto): void {
    const options: NotificationOptions = { body, tag: `room-${m.roomId}`, icon: "/favicon.svg", data: { roomId: m.roomId } };
    try {
      const n = new Notification(title, options);
      n.onclick = () => {
        window.focus();
        navigateToRoom(m.roomId);
        n.close();
      };
    } catch {
      // Some browsers (Android) only show notifications through the service worker.
      void navigator.serviceWorker?.getRegistration().then((r) => r?.showNotification(title, options)).catch(() => undefined);
    }
  }

  private addToast(t: Toast): void {
    const toasts = [...this.getState().toasts.filter((x) => x.roomId !== t.roomId), t].slice(-MAX_TOASTS);
    this.set({ toasts });
    this.timers.set(t.id, setTimeout(() => this.dismiss(t.id), TOAST_MS));
  }

  dismiss(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    this.set({ toasts: this.getState().toasts.filter((t) => t.id !== id) });
  }

  /** A toast was clicked: open its conversation. */
  open(t: Toast): void {
    this.dismiss(t.id);
    navigateToRoom(t.roomId);
  }

  /** Offer to enable notifications (after the first message sent, or when settings are opened), if not decided yet. */
  maybeOfferPermission(): void {
    if (this.getState().offerPermission || permission() !== "default" || localStorage.getItem(DISMISSED_KEY)) return;
    this.set({ offerPermission: true });
  }

  dismissOffer(): void {
    localStorage.setItem(DISMISSED_KEY, "1");
    this.set({ offerPermission: false });
  }

  /** Asks the browser for permission (from a click), then subscribes this device to Web Push. */
  async enableNotifications(): Promise<NotificationPermission | "unsupported"> {
    this.set({ offerPermission: false });
    if (permission() === "unsupported") return "unsupported";
    const result = await Notification.requestPermission();
    if (result !== "default") localStorage.setItem(DISMISSED_KEY, "1");
    if (result === "granted") void enablePush();
    return result;
  }
}
