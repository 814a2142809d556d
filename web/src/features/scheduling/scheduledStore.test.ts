import { describe, expect, it } from "vitest";
import type { ScheduledMessageDto } from "../../api/types";
import type { ChatStore } from "../chat/chatStore";
import { ScheduledStore, scheduledIn } from "./scheduledStore";

const dto = (id: string, sendAt: string, state: ScheduledMessageDto["state"] = "pending", roomId = "r1"): ScheduledMessageDto => ({
  id, roomId, text: `text ${id}`, sendAt, state, replyToId: null, threadRootId: null, alsoToRoom: false,
  createdAt: "2026-12-03T10:00:00Z", updatedAt: "2026-12-03T10:00:00Z", messageId: null, failureCode: null, failureReason: null,
});

describe("ScheduledStore", () => {
  it("follows ScheduledChanged: created and edited ones are kept, sent and cancelled ones leave", () => {
    const store = new ScheduledStore({} as ChatStore);
    store.apply({ id: "a", roomId: "r1", scheduled: dto("a", "2026-12-03T12:00:00Z") });
    store.apply({ id: "b", roomId: "r1", scheduled: dto("b", "2026-12-03T11:00:00Z") });
    store.apply({ id: "a", roomId: "r1", scheduled: { ...dto("a", "2026-12-03T12:00:00Z"), text: "edited" } });
    expect(store.getState().items["a"]?.text).toBe("edited");
    store.apply({ id: "a", roomId: "r1", scheduled: { ...dto("a", "2026-12-03T12:00:00Z", "sent"), messageId: "m1" } });
    store.apply({ id: "b", roomId: "r1", scheduled: null });
    expect(store.getState().items).toEqual({});
  });

  it("lists a conversation's by time due, failed ones last", () => {
    const items = Object.fromEntries([
      dto("late", "2026-12-03T15:00:00Z"), dto("failed", "2026-12-03T09:00:00Z", "failed"), dto("soon", "2026-12-03T11:00:00Z"),
      dto("sending", "2026-12-03T10:00:00Z", "sending"), dto("other", "2026-12-03T08:00:00Z", "pending", "r2"),
    ].map((s) => [s.id, s]));
    expect(scheduledIn(items, "r1").map((s) => s.id)).toEqual(["sending", "soon", "late", "failed"]);
    expect(scheduledIn(items, "r2").map((s) => s.id)).toEqual(["other"]);
  });
});
