import { useMemo } from "react";
import type { MemberRole } from "../../api/types";
import { useChatSelector } from "../chat/useChat";
import { allows, mayActOn, serverRoleOf, type Permission, type Standing } from "./permissions";

export interface RoomPermissions {
  me: Standing;
  /** May I, in this room? */
  can(permission: Permission): boolean;
  /** May I do this to that member (the permission and a higher standing)? */
  canActOn(permission: Permission, userId: string): boolean;
}

/**
 * What the signed-in person may do in a room, from their server role and their role there (the member list is the
 * fresher word; the summary's role until it loads). Offers only: the server checks again.
 */
export function useRoomPermissions(roomId: string | null): RoomPermissions {
  const me = useChatSelector((s) => s.me);
  const members = useChatSelector((s) => (roomId ? s.details?.[roomId]?.members : undefined));
  const summaryRole = useChatSelector((s) => (roomId ? s.summaries?.[roomId]?.role : undefined));
  return useMemo(() => {
    const roleOf = (userId: string): MemberRole | null => members?.find((m) => m.userId === userId)?.role ?? null;
    const mine: Standing = { server: serverRoleOf(me), room: (members ? roleOf(me.id) : null) ?? summaryRole ?? null };
    return {
      me: mine,
      can: (p) => allows(p, mine.server, mine.room),
      canActOn: (p, userId) => userId !== me.id && mayActOn(p, mine, { server: "member", room: roleOf(userId) }),
    };
  }, [me, members, summaryRole]);
}
