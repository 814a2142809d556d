import { describe, expect, it } from "vitest";
import { allows, assignableServerRoles, mayActOn, mayAddCustomEmoji, mayInvite, mayPin, mayManageUser, outranks, RULES, standing } from "./permissions";

describe("permission mirror", () => {
  it("lets room moderators moderate their room, and server moderators every room", () => {
    expect(allows("KickMember", "member", "moderator")).toBe(true);
    expect(allows("KickMember", "member", "member")).toBe(false);
    expect(allows("KickMember", "member", null)).toBe(false);
    expect(allows("KickMember", "moderator", null)).toBe(true);
    expect(allows("DeleteAnyMessage", "member", "owner")).toBe(true);
  });

  it("gives guests a room role's grant only where the rule says so", () => {
    expect(allows("EditRoom", "guest", "moderator")).toBe(true);
    expect(allows("InviteMembers", "guest", "member")).toBe(false);
    expect(allows("InviteMembers", "member", "member")).toBe(true);
    expect(allows("CreateRoom", "guest")).toBe(false);
    expect(allows("ReportMessage", "guest")).toBe(true);
  });

  it("keeps the console, users and server settings to admins, reports to moderators", () => {
    for (const p of ["OpenAdminConsole", "ManageUsers", "ManageServer", "ReadAuditLog", "DeleteRoom"] as const) {
      expect(allows(p, "moderator", "owner")).toBe(false);
      expect(allows(p, "admin")).toBe(true);
      expect(allows(p, "owner")).toBe(true);
    }
    expect(allows("ReviewReports", "moderator")).toBe(true);
    expect(allows("ReviewReports", "member", "owner")).toBe(false);
  });

  it("lets only the room owner (or an admin) set room roles, archive and transfer", () => {
    for (const p of ["SetRoomRoles", "ArchiveRoom", "TransferRoom"] as const) {
      expect(allows(p, "member", "owner")).toBe(true);
      expect(allows(p, "member", "moderator")).toBe(false);
      expect(allows(p, "moderator", null)).toBe(false);
      expect(allows(p, "admin", null)).toBe(true);
    }
  });

  it("ranks standing as the server does: the higher of server and room standing", () => {
    expect(standing("owner", null)).toBe(6);
    expect(standing("moderator", "member")).toBe(4);
    expect(standing("member", "owner")).toBe(3);
    expect(standing("guest", null)).toBe(0);
    expect(outranks("member", "moderator", "admin", "member")).toBe(false);
    expect(outranks("member", "moderator", "member", "moderator")).toBe(false);
    expect(outranks("member", "owner", "member", "moderator")).toBe(true);
  });

  it("offers acting on someone only with the permission and a higher standing", () => {
    expect(mayActOn("KickMember", { server: "member", room: "moderator" }, { server: "member", room: "member" })).toBe(true);
    expect(mayActOn("KickMember", { server: "member", room: "member" }, { server: "guest", room: "member" })).toBe(false);
    expect(mayActOn("BanMember", { server: "moderator", room: null }, { server: "admin", room: "member" })).toBe(false);
  });

  it("has a rule for every permission the server knows", () => {
    expect(Object.keys(RULES)).toHaveLength(28);
  });

  it("lets moderators pin, members too where the room allows it, and everyone in a DM", () => {
    expect(mayPin({ server: "member", room: "member" }, false, false)).toBe(false);
    expect(mayPin({ server: "member", room: "moderator" }, false, false)).toBe(true);
    expect(mayPin({ server: "member", room: "member" }, false, true)).toBe(true);
    expect(mayPin({ server: "member", room: "member" }, true, undefined)).toBe(true);
    expect(mayPin({ server: "moderator", room: null }, false, false)).toBe(true);
    expect(mayPin({ server: "member", room: null }, true, true)).toBe(false);
  });

  it("lets members add custom emoji only where the server says everyone may, guests never, admins always", () => {
    expect(mayAddCustomEmoji("member", "admins")).toBe(false);
    expect(mayAddCustomEmoji("moderator", "admins")).toBe(false);
    expect(mayAddCustomEmoji("admin", "admins")).toBe(true);
    expect(mayAddCustomEmoji("member", "everyone")).toBe(true);
    expect(mayAddCustomEmoji("guest", "everyone")).toBe(false);
    expect(mayAddCustomEmoji("owner", "everyone")).toBe(true);
  });

  it("lets admins hand out roles below their own, and only the owner make admins or a new owner", () => {
    expect(assignableServerRoles("admin")).toEqual(["guest", "member", "moderator"]);
    expect(assignableServerRoles("owner")).toEqual(["guest", "member", "moderator", "admin", "owner"]);
    expect(mayManageUser("admin", "moderator")).toBe(true);
    expect(mayManageUser("admin", "admin")).toBe(false);
    expect(mayManageUser("owner", "admin")).toBe(true);
    expect(mayManageUser("moderator", "member")).toBe(false);
  });

  it("asks for a room moderator to invite when the room says so", () => {
    expect(mayInvite({ server: "member", room: "member" }, "members")).toBe(true);
    expect(mayInvite({ server: "member", room: "member" }, "moderators")).toBe(false);
    expect(mayInvite({ server: "member", room: "moderator" }, "moderators")).toBe(true);
    expect(mayInvite({ server: "moderator", room: null }, "moderators")).toBe(true);
    expect(mayInvite({ server: "guest", room: "moderator" }, "members")).toBe(false);
  });
});
