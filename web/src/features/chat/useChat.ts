import { createContext, useContext, useSyncExternalStore } from "react";
import type { ChatState, ChatStore } from "./chatStore";

export const ChatContext = createContext<ChatStore | null>(null);

export function useChatStore(): ChatStore {
  const store = useContext(ChatContext);
  if (!store) throw new Error("useChatStore outside ChatContext");
  return store;
}

/** The whole chat state; the component re-renders on every change (dialogs and rarely shown parts). */
export function useChat(): ChatState {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}

/**
 * One part of the chat state; the component re-renders only when that part changes (by identity), not on every
 * typing event or message in another room. The selector must return a part of the state or a primitive, never a
 * new object.
 */
export function useChatSelector<T>(select: (s: ChatState) => T): T {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
