import type { Guid, PresenceStatus } from "../../api/types";
import { useStore } from "../../lib/store";
import { useSession } from "../chat/session";

export const PRESENCE_LABEL: Record<PresenceStatus, string> = { online: "Online", away: "Away", dnd: "Do not disturb", offline: "Offline" };

export function usePresence(userId: Guid): PresenceStatus | undefined {
  const { presence } = useSession();
  return useStore(presence, (s) => s.byUser[userId]?.status);
}

/** The coloured dot on an avatar, with its text alternative ("Online", "Away"…). Nothing until the status is known. */
export function PresenceDot({ userId, status: given }: { userId: Guid; status?: PresenceStatus }) {
  const known = usePresence(userId);
  const status = given ?? known;
  if (!status) return null;
  return <span className={`presence-dot presence-${status}`} role="img" aria-label={PRESENCE_LABEL[status]} title={PRESENCE_LABEL[status]} />;
}
