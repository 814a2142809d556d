import { createContext, useContext, useSyncExternalStore } from "react";
import type { ChatState, ChatStore } from "./chatStore";

export const ChatContext = createContext<ChatStore | null>(null);

export function useChatStore(): ChatStore {
  const store = useContext(ChatContext);
  if (!store) throw new Error("useChatStore outside ChatContext");
  return store;
}

/** The chat state; components re-render when it changes. */
export function useChat(): ChatState {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
