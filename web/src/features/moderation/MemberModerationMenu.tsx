import { useState } from "react";
import { api, errorText } from "../../api/client";
import type { MemberRole } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { MenuButton, type MenuItem } from "../../components/Menu";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { BanDialog } from "./BanDialog";
import { KickDialog } from "./KickDialog";
import { TimeoutDialog } from "./TimeoutDialog";
import { useRoomPermissions } from "./useRoomPermissions";

type Open = "kick" | "ban" | "timeout" | "role" | null;

interface Props {
  roomId: string;
  userId: string;
  name: string;
  /** Where the menu opens. */
  placement?: "up" | "down" | "down-end";
}

/**
 * Kick, ban, time out, make moderator / member: only what my role allows on this person (the permission table and a
 * higher standing), each confirmed. Renders nothing when nothing is allowed.
 */
export function MemberModerationMenu({ roomId, userId, name, placement = "down-end" }: Props) {
  const store = useChatStore();
  const perms = useRoomPermissions(roomId);
  const room = useChatSelector((s) => s.summaries[roomId]?.room);
  const role = useChatSelector((s) => s.details[roomId]?.members.find((m) => m.userId === userId)?.role ?? null);
  const [open, setOpen] = useState<Open>(null);
  if (!room || role === null || room.kind === "dm" || room.kind === "group") return null;

  const nextRole: MemberRole | null = role === "member" ? "moderator" : role === "moderator" ? "member" : null;
  const items: MenuItem[] = [];
  if (perms.canActOn("KickMember", userId)) items.push({ key: "kick", label: "Kick…", danger: true, onSelect: () => setOpen("kick") });
  if (perms.canActOn("BanMember", userId)) items.push({ key: "ban", label: "Ban…", danger: true, onSelect: () => setOpen("ban") });
  if (perms.canActOn("TimeoutInRoom", userId)) items.push({ key: "timeout", label: "Time out…", onSelect: () => setOpen("timeout") });
  if (nextRole && perms.canActOn("SetRoomRoles", userId)) {
    items.push({ key: "role", label: nextRole === "moderator" ? "Make moderator" : "Make member", onSelect: () => setOpen("role") });
  }
  if (items.length === 0) return null;

  const close = () => setOpen(null);
  const refresh = () => void store.loadDetail(roomId);
  const target = { roomId, roomName: room.name, userId, name, onDone: refresh, onClose: close };
  return (
    <>
      <MenuButton label={`Moderate ${name}`} button="Moderate…" buttonClassName="moderate-button" placement={placement} items={items} />
      {open === "kick" && <KickDialog {...target} />}
      {open === "ban" && <BanDialog {...target} />}
      {open === "timeout" && <TimeoutDialog {...target} />}
      {open === "role" && nextRole && (
        <ConfirmDialog label={nextRole === "moderator" ? `Make ${name} a moderator` : `Make ${name} a member`}
          text={nextRole === "moderator"
            ? `${name} will be able to remove messages, kick, ban and time out members, and change the settings of #${room.name}.`
            : `${name} will no longer moderate #${room.name}.`}
          confirm={nextRole === "moderator" ? "Make moderator" : "Make member"} onClose={close}
          onConfirm={() => void api.setMemberRole(roomId, userId, nextRole).then(refresh, (e) => store.notify(errorText(e)))} />
      )}
    </>
  );
}
