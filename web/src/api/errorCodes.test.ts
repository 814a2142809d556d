import { describe, expect, it } from "vitest";
import { errorText, OFFLINE } from "./client";
import { isHubConnectionLost, isTransientCode, parseHubError, refusalText, timeoutEnd, untilText } from "./errorCodes";

describe("hub error codes", () => {
  it("reads the code, the wait and the sentence", () => {
    expect(parseHubError("An unexpected error occurred invoking 'SendMessage' on the server. HubException: rate_limited retryAfter=3: Rate limited: too many messages. Retry in 3 s."))
      .toEqual({ code: "rate_limited", retryAfter: 3, reason: "Rate limited: too many messages. Retry in 3 s." });
    expect(parseHubError("HubException: not_member: You are not a member of this room. Join it first."))
      .toEqual({ code: "not_member", retryAfter: null, reason: "You are not a member of this room. Join it first." });
  });

  it("is null for connection failures", () => {
    expect(parseHubError("Invocation canceled due to the underlying connection being closed.")).toBeNull();
  });

  it("says an action tried while reconnecting failed for being offline, not in SignalR's words", () => {
    // Editing, reacting, deleting or voting while the hub reconnects (only sends are queued).
    expect(errorText(new Error("Cannot send data if the connection is not in the 'Connected' State."))).toBe(OFFLINE);
    expect(errorText(new Error("Invocation canceled due to the underlying connection being closed."))).toBe(OFFLINE);
    expect(isHubConnectionLost("Connection disconnected with error 'Error: WebSocket closed with status code: 1006 ().'.")).toBe(true);
    // A refusal keeps its sentence, and other errors that speak of a connection are not taken for being offline.
    expect(errorText(new Error("HubException: not_member: You are not a member of this room. Join it first."))).toBe("You are not a member of this room. Join it first.");
    const webRtc = "Failed to execute 'setRemoteDescription' on 'RTCPeerConnection': The RTCPeerConnection's signalingState is 'closed'.";
    expect(errorText(new Error(webRtc))).toBe(webRtc);
  });

  it("knows which refusals pass by themselves", () => {
    expect(["rate_limited", "unavailable", "shutting_down", "server_error"].every(isTransientCode)).toBe(true);
    expect(["invalid", "not_member", "session_ended", "too_large"].some(isTransientCode)).toBe(false);
  });
});

describe("refusal sentences", () => {
  it("says until when a timeout ends, in local time", () => {
    const now = new Date(2026, 11, 3, 9, 0);
    const end = new Date(2026, 11, 3, 14, 5);
    expect(refusalText("timed_out", `You are timed out until ${end.toISOString()}.`, null, now))
      .toBe(`You are timed out until ${untilText(end, now)}.`);
    const clock = end.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    expect(untilText(end, now)).toBe(clock);
    // Another day names the day too.
    const later = new Date(2026, 11, 5, 14, 5);
    expect(untilText(later, now)).not.toBe(clock);
    expect(untilText(later, now).endsWith(clock)).toBe(true);
    expect(timeoutEnd("no time here")).toBeNull();
  });

  it("reads the end of a timeout as the server writes it (.NET's \"u\": a space, not a T)", () => {
    const reason = "You are timed out until 2026-12-03 14:05:00Z; you can read but not write.";
    expect(timeoutEnd(reason)?.toISOString()).toBe("2026-12-03T14:05:00.000Z");
    const end = new Date(Date.UTC(2026, 11, 3, 14, 5));
    expect(refusalText("timed_out", reason, null, end)).toBe(`You are timed out until ${untilText(end, end)}.`);
  });

  it("says how long slow mode asks to wait, and keeps the server's sentence otherwise", () => {
    expect(refusalText("slow_mode", "Slow mode is on in this room.", 7)).toBe("Slow mode is on: you can send again in 7 s.");
    expect(refusalText("not_allowed", "Only moderators can remove people from a room.", null)).toBe("Only moderators can remove people from a room.");
  });

  it("has a sentence for each moderation code when the server sent none", () => {
    expect(refusalText("not_allowed", "", null)).toBe("You don't have permission to do that.");
    expect(refusalText("banned", "", null)).toBe("You are banned from this room.");
    expect(refusalText("timed_out", "", null)).toBe("You are timed out for now.");
    expect(refusalText("read_only", "", null)).toBe("Only moderators can post here.");
    expect(refusalText("slow_mode", "", null)).toMatch(/^Slow mode is on/);
    expect(refusalText("registration_closed", "", null)).toMatch(/^Registration is closed/);
  });

  it("waits out slow mode instead of failing the message", () => {
    expect(isTransientCode("slow_mode")).toBe(true);
    expect(isTransientCode("timed_out")).toBe(false);
  });
});
