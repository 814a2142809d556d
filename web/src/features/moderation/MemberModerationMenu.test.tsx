// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { act } from "react";
import type { MemberDto, MeDto, MemberRole, RoomDto, ServerRole } from "../../api/types";
import type { ChatState } from "../chat/chatStore";
import { fakeStore, render, WithStore } from "../../lib/testDom";
import { MemberModerationMenu } from "./MemberModerationMenu";

const room = { id: "r1", kind: "public", name: "general" } as RoomDto;
const member = (userId: string, role: MemberRole) => ({ userId, userName: userId, displayName: userId, role } as MemberDto);

function state(myServerRole: ServerRole, myRoomRole: MemberRole, bobRole: MemberRole): Partial<ChatState> {
  return {
    me: { id: "me", role: myServerRole } as MeDto,
    summaries: { r1: { room, role: myRoomRole } as ChatState["summaries"][string] },
    details: { r1: { room, joined: true, members: [member("me", myRoomRole), member("bob", bobRole)] } },
  };
}

function itemsFor(s: Partial<ChatState>): string[] | null {
  const { store } = fakeStore(s);
  const view = render(<WithStore store={store}><MemberModerationMenu roomId="r1" userId="bob" name="Bob" /></WithStore>);
  const button = view.container.querySelector<HTMLElement>("button[aria-label='Moderate Bob']");
  if (!button) {
    view.unmount();
    return null;
  }
  act(() => button.click());
  const items = Array.from(document.querySelectorAll("[role='menuitem']")).map((x) => x.textContent ?? "");
  view.unmount();
  return items;
}

describe("MemberModerationMenu", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("offers a room moderator kick, ban and time out on a member, but no roles", () => {
    expect(itemsFor(state("member", "moderator", "member"))).toEqual(["Kick…", "Ban…", "Time out…"]);
  });

  it("offers the room owner roles too", () => {
    expect(itemsFor(state("member", "owner", "member"))).toEqual(["Kick…", "Ban…", "Time out…", "Make moderator"]);
    expect(itemsFor(state("member", "owner", "moderator"))).toEqual(["Kick…", "Ban…", "Time out…", "Make member"]);
  });

  it("offers nothing to a plain member, nor against an equal or higher role", () => {
    expect(itemsFor(state("member", "member", "member"))).toBeNull();
    expect(itemsFor(state("member", "moderator", "moderator"))).toBeNull();
    expect(itemsFor(state("member", "moderator", "owner"))).toBeNull();
  });

  it("lets a server moderator act in a room they only belong to", () => {
    expect(itemsFor(state("moderator", "member", "owner"))).toEqual(["Kick…", "Ban…", "Time out…"]);
  });
});
