import { describe, expect, it } from "vitest";
import type { UserDto } from "../../api/types";
import type { ChatStore } from "../chat/chatStore";
import { FriendsStore } from "./friendsStore";

const user = (id: string, displayName: string): UserDto => ({ id, userName: id, displayName, statusText: "", bio: "", timeZone: "", avatarUrl: null });

describe("friends store", () => {
  it("moves a person between requests and friends as FriendshipChanged says, keeping lists by name", () => {
    const remembered: string[] = [];
    const chat = { rememberUsers: (l: UserDto[]) => remembered.push(...l.map((u) => u.id)) } as unknown as ChatStore;
    const f = new FriendsStore(chat);
    const bob = user("bob", "Bob"), ann = user("ann", "Ann");
    f.apply(bob, "incoming", "t");
    expect(f.stateOf("bob")).toBe("incoming");
    expect(f.getState().incoming.map((x) => x.user.id)).toEqual(["bob"]);
    f.apply(bob, "friends", "t");
    f.apply(ann, "friends", "t");
    expect(f.getState().incoming).toEqual([]);
    expect(f.getState().friends.map((x) => x.user.displayName)).toEqual(["Ann", "Bob"]);
    f.apply(bob, "none", "");
    expect(f.stateOf("bob")).toBe("none");
    expect(f.getState().friends.map((x) => x.user.id)).toEqual(["ann"]);
    expect(remembered).toContain("ann");
  });
});
