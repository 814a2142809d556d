import { describe, expect, it } from "vitest";
import type { RoomKind, RoomSummary, SidebarDto } from "../../api/types";
import { groupSections, isShown, moveSection, withRoomIn, withoutRoom } from "./layout";

function summary(id: string, kind: RoomKind, minute: number): RoomSummary {
  return {
    room: {
      id, kind, name: id, topic: "", createdById: "u1", createdAt: "2026-12-01T00:00:00Z", lastSeq: 1, lastRev: 1,
      lastActivityAt: new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString(), iconUrl: null,
    },
    role: "member", lastReadSeq: 1, unreadCount: 0, lastMessage: null, members: null,
  };
}

const general = summary("general", "public", 1);
const secret = summary("secret", "private", 5);
const bob = summary("bob", "dm", 3);
const group = summary("group", "group", 4);
const all = [general, secret, bob, group];

function layout(...categories: [string, SidebarDto["categories"][number]["kind"], string[], string?][]): SidebarDto {
  return { categories: categories.map(([id, kind, roomIds, name]) => ({ id, kind, name: name ?? null, collapsed: false, roomIds })) };
}

const titles = (l: SidebarDto | null) => groupSections(l, all).map((s) => [s.title, s.items.map((i) => i.room.id)]);

describe("groupSections", () => {
  it("before the layout loads: Favourites (empty), Rooms and Direct messages by kind, latest activity first", () => {
    expect(titles(null)).toEqual([
      ["Favourites", []],
      ["Rooms", ["secret", "general"]],
      ["Direct messages", ["group", "bob"]],
    ]);
    expect(groupSections(null, all).every((s) => s.id === null)).toBe(true);
  });

  it("follows the user's order and places conversations in favourites and custom sections", () => {
    const l = layout(["d", "direct", ["bob"]], ["w", "custom", ["general", "group"], "Work"], ["f", "favourites", ["secret"]], ["r", "rooms", []]);
    expect(titles(l)).toEqual([
      ["Direct messages", ["bob"]],
      ["Work", ["group", "general"]],
      ["Favourites", ["secret"]],
      ["Rooms", []],
    ]);
  });

  it("puts what the layout doesn't place (joined since) or places wrongly in its default, and ignores rooms left since", () => {
    const l = layout(["f", "favourites", ["gone"]], ["r", "rooms", ["bob"]], ["d", "direct", ["general"]]);
    expect(titles(l)).toEqual([
      ["Favourites", []],
      ["Rooms", ["secret", "general"]],
      ["Direct messages", ["group", "bob"]],
    ]);
  });

  it("shows Favourites only when it holds something; empty sections of your own stay as drop targets", () => {
    const l = layout(["f", "favourites", []], ["w", "custom", [], "Work"], ["r", "rooms", []], ["d", "direct", []]);
    expect(groupSections(l, all).filter(isShown).map((s) => s.title)).toEqual(["Work", "Rooms", "Direct messages"]);
    const withFavourite = withRoomIn(l, "bob", "f");
    expect(groupSections(withFavourite, all).filter(isShown).map((s) => s.title)).toEqual(["Favourites", "Work", "Rooms", "Direct messages"]);
  });
});

describe("moving", () => {
  const l = layout(["f", "favourites", []], ["w", "custom", [], "Work"], ["r", "rooms", []], ["d", "direct", []]);
  const sections = groupSections(l, all);

  it("moves a section past its shown neighbour, skipping a hidden Favourites; none beyond either end", () => {
    expect(moveSection(sections, "r", -1)).toEqual(["f", "r", "w", "d"]);
    expect(moveSection(sections, "r", 1)).toEqual(["f", "w", "d", "r"]);
    expect(moveSection(sections, "w", -1)).toBeNull(); // first shown: Favourites is empty
    expect(moveSection(sections, "d", 1)).toBeNull();
    expect(moveSection(groupSections(null, all), "r", -1)).toBeNull(); // not loaded: nothing to move yet
  });

  it("moves a room into one section and out of the others; dropping a room left takes it out", () => {
    const moved = withRoomIn(layout(["f", "favourites", ["bob"]], ["w", "custom", ["general"], "Work"]), "bob", "w");
    expect(moved.categories.map((c) => c.roomIds)).toEqual([[], ["bob", "general"]]);
    expect(withRoomIn(moved, "bob", null).categories.map((c) => c.roomIds)).toEqual([[], ["general"]]);
    expect(withoutRoom(moved, "general").categories.map((c) => c.roomIds)).toEqual([[], ["bob"]]);
    expect(withoutRoom(moved, "elsewhere")).toBe(moved);
  });
});
