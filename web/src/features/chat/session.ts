import { createContext, useContext } from "react";
import type { ChatStore } from "./chatStore";
import type { PresenceStore } from "../presence/presenceStore";
import type { FriendsStore } from "../friends/friendsStore";
import type { AlertsStore } from "../notifications/alertsStore";
import type { SettingsStore } from "../settings/settingsStore";
import type { ReceiptsStore } from "../receipts/receiptsStore";
import type { CallStore } from "../calls/callStore";
import type { SavedStore } from "../saved/savedStore";
import type { ThreadsStore } from "../threads/threadsStore";
import type { CustomEmojiStore } from "../emoji/customEmojiStore";
import type { ScheduledStore } from "../scheduling/scheduledStore";
import type { SidebarStore } from "../sidebar/sidebarStore";

/** The stores beside the chat store, for one signed-in session. */
export interface Session {
  chat: ChatStore;
  presence: PresenceStore;
  friends: FriendsStore;
  alerts: AlertsStore;
  settings: SettingsStore;
  receipts: ReceiptsStore;
  calls: CallStore;
  saved: SavedStore;
  threads: ThreadsStore;
  customEmoji: CustomEmojiStore;
  scheduled: ScheduledStore;
  sidebar: SidebarStore;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionContext");
  return s;
}
