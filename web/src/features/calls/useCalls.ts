import { useStore } from "../../lib/store";
import { useSession } from "../chat/session";
import type { CallStore, CallStoreState } from "./callStore";

export function useCallStore(): CallStore {
  return useSession().calls;
}

/** One part of the call state (a part or a primitive, never a new object). */
export function useCalls<T>(select: (s: CallStoreState) => T): T {
  return useStore(useSession().calls, select);
}
