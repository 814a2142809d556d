import { describe, expect, it } from "vitest";
import { isTransientCode, parseHubError } from "./errorCodes";

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

  it("knows which refusals pass by themselves", () => {
    expect(["rate_limited", "unavailable", "shutting_down", "server_error"].every(isTransientCode)).toBe(true);
    expect(["invalid", "not_member", "session_ended", "too_large"].some(isTransientCode)).toBe(false);
  });
});
