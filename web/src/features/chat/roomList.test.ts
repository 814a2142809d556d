import { describe, expect, it } from "vitest";
import type { MemberDto, RoomSummary, UserDto } from "../../api/types";
import { conversationTitle } from "../../lib/names";
import { summaryWithMember } from "./roomList";

const user = (id: string, displayName: string): UserDto => ({ id, userName: id, displayName, statusText: "", bio: "", timeZone: "", avatarUrl: null });
const member = (u: UserDto): MemberDto => ({ userId: u.id, userName: u.userName, displayName: u.displayName, role: "member", joinedAt: "2026-11-22T00:00:00Z", avatarUrl: null });
const [me, ann, bob, cy] = [user("me", "Me"), user("ann", "Ann"), user("bob", "Bob"), user("cy", "Cy")];
const group = (kind: RoomSummary["room"]["kind"] = "group"): RoomSummary => ({
  room: { id: "g1", kind, name: "", topic: "", createdById: "me", createdAt: "2026-11-22T00:00:00Z", lastSeq: 3, lastRev: 3, lastActivityAt: "2026-11-22T00:00:00Z", iconUrl: null },
  role: "member", lastReadSeq: 3, unreadCount: 0, lastMessage: null, members: [me, ann, bob],
});

describe("a group DM's members in its summary", () => {
  it("follow members leaving and joining, so its title does", () => {
    const left = summaryWithMember(group(), member(bob), "left");
    expect(conversationTitle(left, "me", {})).toBe("Ann");
    const joined = summaryWithMember(left, member(cy), "joined");
    expect(conversationTitle(joined, "me", {})).toBe("Ann, Cy");
    // Repeats change nothing.
    expect(summaryWithMember(joined, member(cy), "joined")).toBe(joined);
    expect(summaryWithMember(left, member(bob), "left")).toBe(left);
  });

  it("leave rooms alone: their title is their name", () => {
    const room = { ...group("private"), members: null };
    expect(summaryWithMember(room, member(bob), "left")).toBe(room);
  });
});
