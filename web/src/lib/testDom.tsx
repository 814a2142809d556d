import { SavedStore } from "../features/saved/savedStore";
import { act, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import type { ChatState, ChatStore } from "../features/chat/chatStore";
import { ChatContext } from "../features/chat/useChat";
import { SessionContext, type Session } from "../features/chat/session";
import { CallStore } from "../features/calls/callStore";
import { ThreadsStore } from "../features/threads/threadsStore";
import { CustomEmojiStore } from "../features/emoji/customEmojiStore";
import { ScheduledStore } from "../features/scheduling/scheduledStore";
import { SidebarStore } from "../features/sidebar/sidebarStore";
import { PresenceStore } from "../features/presence/presenceStore";
import { SettingsStore } from "../features/settings/settingsStore";
import { FriendsStore } from "../features/friends/friendsStore";
import { AlertsStore } from "../features/notifications/alertsStore";
import { ReceiptsStore } from "../features/receipts/receiptsStore";
import { mounted } from "../test/mounted";

// Component tests render into jsdom with React's act(); this tells React it runs under it.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Renders into a fresh container in document.body. */
export function render(ui: ReactNode) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(ui));
  const unmount = () => {
    if (!mounted.delete(unmount)) return;
    act(() => root.unmount());
    container.remove();
  };
  mounted.add(unmount);
  return { container, rerender: (next: ReactNode) => act(() => root.render(next)), unmount };
}


/** Types a whole value into an input or textarea, as React sees a user's input. */
export function typeInto(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value")!.set!;
  act(() => {
    setter.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

export function press(el: Element, key: string, init: KeyboardEventInit = {}): void {
  act(() => {
    el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
  });
}

/** A stand-in for the chat store with the given state and actions, for components that read it. */
export function fakeStore(state: Partial<ChatState>, actions: Partial<Record<keyof ChatStore, unknown>> = {}) {
  let current = { ...state } as ChatState;
  const listeners = new Set<() => void>();
  const store = {
    getState: () => current,
    subscribe: (l: () => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    typing: () => undefined,
    stopTyping: () => undefined,
    notify: () => undefined,
    ...actions,
  } as unknown as ChatStore;
  return {
    store,
    update(patch: Partial<ChatState>) {
      current = { ...current, ...patch };
      act(() => listeners.forEach((l) => l()));
    },
  };
}

/** The stores beside the chat store, empty (nothing started): presence unknown, no friends, default settings. */
export function fakeSession(chat: ChatStore): Session {
  const presence = new PresenceStore(chat);
  const settings = new SettingsStore(chat, false);
  return { chat, presence, settings, friends: new FriendsStore(chat), alerts: new AlertsStore(chat, presence, settings), receipts: new ReceiptsStore(chat),
    calls: new CallStore(chat), saved: new SavedStore(chat), threads: new ThreadsStore(chat), customEmoji: new CustomEmojiStore(chat),
    scheduled: new ScheduledStore(chat), sidebar: new SidebarStore(chat),
  };
}

const sessions = new WeakMap<ChatStore, Session>();

export function WithStore({ store, session, children }: { store: ChatStore; session?: Session; children: ReactNode }) {
  let s = session ?? sessions.get(store);
  if (!s) sessions.set(store, (s = fakeSession(store)));
  return (
    <ChatContext.Provider value={store}>
      <SessionContext.Provider value={s}>{children}</SessionContext.Provider>
    </ChatContext.Provider>
  );
}
