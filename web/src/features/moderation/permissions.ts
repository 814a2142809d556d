import type { CustomEmojiPolicy, MemberRole, ServerRole } from "../../api/types";

/**
 * The client's copy of the permission table: it mirrors src/Parley.Server/Moderation/PermissionTable.cs (keep the two
 * in step). It only decides what to offer; the server decides what happens and refuses with `not_allowed`.
 */
export type Permission =
  | "CreateRoom" | "BrowsePublicRooms" | "MessageAnyone" | "ReportMessage" | "InviteMembers" | "EditRoom" | "SetRoomRoles"
  | "KickMember" | "BanMember" | "TimeoutInRoom" | "TimeoutServerWide" | "DeleteAnyMessage" | "PostInReadOnlyRoom"
  | "SkipSlowMode" | "ArchiveRoom" | "DeleteRoom" | "TransferRoom" | "ReviewReports" | "ReadAuditLog" | "ManageUsers"
  | "ManageServer" | "OpenAdminConsole"
  // Calls (issue 19).
  | "StartCall" | "ManageCalls"
  // Pins and polls (issue 21).
  | "PinMessages" | "ClosePolls"
  // Custom emoji (issue 21).
  | "AddCustomEmoji" | "ManageCustomEmoji";

interface Rule {
  /** The least server role that may, in every room; null: no server role is enough. */
  anywhere: ServerRole | null;
  /** The least role in a room that may, in that room; null: a room role is not enough. */
  inRoom: MemberRole | null;
  /** Whether a guest's room role counts. */
  guests: boolean;
}

const rule = (anywhere: ServerRole | null, inRoom: MemberRole | null, guests: boolean): Rule => ({ anywhere, inRoom, guests });

export const RULES: Readonly<Record<Permission, Rule>> = {
  CreateRoom: rule("member", null, false),
  BrowsePublicRooms: rule("member", null, false),
  MessageAnyone: rule("member", null, false),
  ReportMessage: rule("guest", null, true),
  InviteMembers: rule("moderator", "member", false),
  EditRoom: rule("moderator", "moderator", true),
  SetRoomRoles: rule("admin", "owner", true),
  KickMember: rule("moderator", "moderator", true),
  BanMember: rule("moderator", "moderator", true),
  TimeoutInRoom: rule("moderator", "moderator", true),
  TimeoutServerWide: rule("moderator", null, false),
  DeleteAnyMessage: rule("moderator", "moderator", true),
  PostInReadOnlyRoom: rule("moderator", "moderator", true),
  SkipSlowMode: rule("moderator", "moderator", true),
  ArchiveRoom: rule("admin", "owner", true),
  DeleteRoom: rule("admin", null, false),
  TransferRoom: rule("admin", "owner", true),
  ReviewReports: rule("moderator", null, false),
  ReadAuditLog: rule("admin", null, false),
  ManageUsers: rule("admin", null, false),
  ManageServer: rule("admin", null, false),
  OpenAdminConsole: rule("admin", null, false),
  StartCall: rule(null, "member", true),
  ManageCalls: rule("moderator", "moderator", true),
  PinMessages: rule("moderator", "moderator", true),
  ClosePolls: rule("moderator", "moderator", true),
  AddCustomEmoji: rule("member", null, false),
  ManageCustomEmoji: rule("admin", null, false),
};

const SERVER_RANK: Record<ServerRole, number> = { guest: 0, member: 1, moderator: 2, admin: 3, owner: 4 };
const ROOM_RANK: Record<MemberRole, number> = { member: 0, moderator: 1, owner: 2 };

export const serverRank = (role: ServerRole): number => SERVER_RANK[role] ?? 0;

/** Whether someone with this server role, and this role in the room (null: not a member, or no room), may. */
export function allows(permission: Permission, server: ServerRole, room: MemberRole | null = null): boolean {
  const r = RULES[permission];
  if (r.anywhere !== null && serverRank(server) >= serverRank(r.anywhere)) return true;
  return room !== null && r.inRoom !== null && ROOM_RANK[room] >= ROOM_RANK[r.inRoom] && (server !== "guest" || r.guests);
}

/** Server owner 6, admin 5, server moderator 4, room owner 3, room moderator 2, member 1, guest 0: the higher of the two. */
export function standing(server: ServerRole, room: MemberRole | null): number {
  const fromServer = { owner: 6, admin: 5, moderator: 4, member: 1, guest: 0 }[server] ?? 0;
  const fromRoom = room === "owner" ? 3 : room === "moderator" ? 2 : room === "member" ? 1 : 0;
  return Math.max(fromServer, fromRoom);
}

/** Nobody acts on someone of equal or higher standing (nor on themselves). */
export function outranks(actor: ServerRole, actorInRoom: MemberRole | null, target: ServerRole, targetInRoom: MemberRole | null): boolean {
  return standing(actor, actorInRoom) > standing(target, targetInRoom);
}

/** Someone as the permission table sees them: a server role and maybe a role in the room at hand. */
export interface Standing {
  server: ServerRole;
  room: MemberRole | null;
}

/**
 * May `actor` use `permission` on `target` (kick, ban, timeout, roles)? Needs the permission and a higher standing.
 * A target's server role is often unknown to the client (member lists carry room roles only): "member" is assumed and
 * the server refuses if they outrank the actor.
 */
export function mayActOn(permission: Permission, actor: Standing, target: Standing): boolean {
  return allows(permission, actor.server, actor.room) && outranks(actor.server, actor.room, target.server, target.room);
}

/** The server role from MeDto (older servers send none: a member). */
export function serverRoleOf(me: { role?: ServerRole }): ServerRole {
  return me.role ?? "member";
}

/**
 * Server roles I may hand out in the console: admins set roles below their own; only the owner makes admins or hands
 * over ownership (the old owner then becomes an admin).
 */
export function assignableServerRoles(mine: ServerRole): ServerRole[] {
  const all: ServerRole[] = ["guest", "member", "moderator", "admin", "owner"];
  if (mine === "owner") return all;
  return all.filter((r) => serverRank(r) < serverRank(mine));
}

/** May I change this account (role, deactivation, sessions)? Needs ManageUsers and a higher server role. */
export function mayManageUser(mine: ServerRole, theirs: ServerRole): boolean {
  return allows("ManageUsers", mine) && serverRank(mine) > serverRank(theirs);
}

/** May I time this account out everywhere? Needs TimeoutServerWide and a higher server role (moderators: members and guests). */
export function mayTimeOutEverywhere(mine: ServerRole, theirs: ServerRole): boolean {
  return allows("TimeoutServerWide", mine) && serverRank(mine) > serverRank(theirs);
}

/** May I add people to a room? A room set to "moderators invite" asks for a moderator there (Permission.cs, InviteMembers). */
export function mayInvite(me: Standing, policy: "members" | "moderators" | undefined): boolean {
  if (policy !== "moderators") return allows("InviteMembers", me.server, me.room);
  return allows("InviteMembers", me.server) || ((me.room === "moderator" || me.room === "owner") && allows("InviteMembers", me.server, me.room));
}

/** May I pin in this conversation? DMs have no moderators: every member may; a room may let members pin (PinMessages). */
export function mayPin(me: Standing, dm: boolean, membersMayPin: boolean | undefined): boolean {
  if (me.room !== null && (dm || membersMayPin === true)) return true;
  return allows("PinMessages", me.server, me.room);
}

/** May I add a custom emoji? The server setting says which permission it takes: everyone → AddCustomEmoji, admins → ManageCustomEmoji. */
export function mayAddCustomEmoji(mine: ServerRole, policy: CustomEmojiPolicy): boolean {
  return allows(policy === "everyone" ? "AddCustomEmoji" : "ManageCustomEmoji", mine);
}
