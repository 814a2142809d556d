import { describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../lib/outbox";
import { postingBlocked, slowModeUntil, timedOutNotice } from "./postingLimits";

describe("posting limits", () => {
  it("blocks everyone in archived rooms and non-moderators in read-only ones", () => {
    expect(postingBlocked({ archived: true }, true)).toBe("This room is archived. Nobody can post here.");
    expect(postingBlocked({ readOnly: true }, false)).toBe("Only moderators can post here.");
    expect(postingBlocked({ readOnly: true }, true)).toBeNull();
    expect(postingBlocked({}, false)).toBeNull();
  });

  it("holds a member back for the room's slow mode after sending, not a moderator", () => {
    expect(slowModeUntil(1000, 30, false)).toBe(31_000);
    expect(slowModeUntil(1000, 30, true)).toBeNull();
    expect(slowModeUntil(1000, 0, false)).toBeNull();
    expect(slowModeUntil(1000, undefined, false)).toBeNull();
  });

  it("finds the room's newest timed-out refusal", () => {
    const failed = (roomId: string, errorCode: string, error: string) =>
      ({ roomId, status: "failed", errorCode, error } as OutgoingMessage);
    const box = [
      failed("r1", "timed_out", "You are timed out until 10:00."),
      failed("r2", "timed_out", "elsewhere"),
      failed("r1", "invalid", "Message text is empty."),
    ];
    expect(timedOutNotice(box, "r1")).toBe("You are timed out until 10:00.");
    expect(timedOutNotice(box, "r3")).toBeNull();
  });
});
