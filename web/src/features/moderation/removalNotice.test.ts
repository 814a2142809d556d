import { describe, expect, it } from "vitest";
import { removalNotice } from "./removalNotice";

const room = { kind: "public" as const, name: "general" };

describe("removalNotice", () => {
  it("says who was kicked, with the moderator's reason or without one", () => {
    expect(removalNotice(room, { roomId: "r", reason: "off topic", banned: false })).toBe("You were removed from #general: off topic");
    // The server sends "" when the moderator gave no reason: still a removal, not a leave.
    expect(removalNotice(room, { roomId: "r", reason: "", banned: false })).toBe("You were removed from #general.");
  });

  it("says banned for a ban", () => {
    expect(removalNotice(room, { roomId: "r", reason: "spam", banned: true })).toBe("You were banned from #general: spam");
  });

  it("says a room was deleted by an admin", () => {
    expect(removalNotice(room, { roomId: "r", reason: null, deleted: true })).toBe("#general was deleted.");
    expect(removalNotice({ kind: "group", name: "" }, { roomId: "r", deleted: true })).toBe("A conversation was deleted.");
  });

  it("says nothing when they left themselves or the room is unknown", () => {
    expect(removalNotice(room, { roomId: "r", reason: null })).toBeNull();
    expect(removalNotice(room, { roomId: "r" })).toBeNull();
    expect(removalNotice(undefined, { roomId: "r", reason: "x" })).toBeNull();
  });
});
