import { describe, expect, it } from "vitest";
import type { ChatStore } from "../chat/chatStore";
import { SavedStore } from "./savedStore";

describe("SavedStore", () => {
  it("follows SavedChanged: saved ids are added, unsaved ones removed, a repeat changes nothing", () => {
    const saved = new SavedStore({} as ChatStore);
    saved.apply({ messageId: "m1", roomId: "r1", savedAt: "2026-12-01T10:00:00Z" });
    saved.apply({ messageId: "m2", roomId: "r1", savedAt: "2026-12-01T10:01:00Z" });
    saved.apply({ messageId: "m1", roomId: "r1", savedAt: "2026-12-01T10:00:00Z" });
    expect([...saved.getState().ids]).toEqual(["m1", "m2"]);
    saved.apply({ messageId: "m1", roomId: "r1", savedAt: null });
    expect([...saved.getState().ids]).toEqual(["m2"]);
  });
});
