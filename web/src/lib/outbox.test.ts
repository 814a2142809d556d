import { describe, expect, it } from "vitest";
import {
  enqueue, hubErrorText, isConnectionError, isPassingRefusal, markDeferred, markFailed, markQueued, markSending, MAX_ATTEMPTS, newClientMessageId, nextRetryAt,
  readyToSend, retry, settle, type Outbox,
} from "./outbox";
import { msg } from "./testData";

const base = { roomId: "r1", senderId: "me", text: "hi", replyToId: null, replyTo: null, createdAt: "2026-11-22T10:00:00Z" };

describe("outbox", () => {
  it("makes client ids that sort by time: UUID version 7 with the millisecond first", () => {
    const early = newClientMessageId(Date.UTC(2026, 11, 6, 9, 0, 0));
    const later = newClientMessageId(Date.UTC(2026, 11, 6, 9, 0, 0, 1));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(early.replace(/-/g, "").slice(0, 12)).toBe(Date.UTC(2026, 11, 6, 9, 0, 0).toString(16).padStart(12, "0"));
    expect(early < later).toBe(true);
    expect(newClientMessageId(1)).not.toBe(newClientMessageId(1));
  });

  it("goes pending → sent", () => {
    let box: Outbox = enqueue([], { ...base, clientMessageId: "c1" });
    expect(readyToSend(box, 0).map((m) => m.clientMessageId)).toEqual(["c1"]);
    box = markSending(box, "c1");
    expect(readyToSend(box, 0)).toEqual([]);
    box = settle(box, [msg(1, 1, { senderId: "me", clientMessageId: "c1" })], "me");
    expect(box).toEqual([]);
  });

  it("goes pending → failed → retry with the same clientMessageId", () => {
    let box: Outbox = markSending(enqueue([], { ...base, clientMessageId: "c1" }), "c1");
    box = markFailed(box, "c1", "Message text is empty.");
    expect(box[0]!.status).toBe("failed");
    expect(readyToSend(box, 0)).toEqual([]);
    box = retry(box, "c1");
    expect(readyToSend(box, 0)[0]!.clientMessageId).toBe("c1");
  });

  it("requeues after a dropped connection", () => {
    let box: Outbox = markSending(enqueue([], { ...base, clientMessageId: "c1" }), "c1");
    box = markQueued(box, "c1");
    expect(readyToSend(box, 0).length).toBe(1);
  });

  it("ignores others' messages with the same clientMessageId", () => {
    const box: Outbox = enqueue([], { ...base, clientMessageId: "c1" });
    expect(settle(box, [msg(1, 1, { senderId: "other", clientMessageId: "c1" })], "me")).toBe(box);
  });

  it("tells refusals from connection errors", () => {
    const refusal = "An unexpected error occurred invoking 'SendMessage' on the server. HubException: invalid: Message text is empty.";
    expect(isConnectionError(refusal)).toBe(false);
    expect(hubErrorText(refusal)).toBe("Message text is empty.");
    expect(isConnectionError("Invocation canceled due to the underlying connection being closed.")).toBe(true);
    expect(isConnectionError("Cannot send data if the connection is not in the 'Connected' State.")).toBe(true);
  });

  it("defers a rate-limited message and holds later ones of its room behind it", () => {
    const limited = "HubException: rate_limited retryAfter=3: Rate limited: too many messages. Retry in 3 s.";
    expect(isPassingRefusal(limited)).toBe(true);
    expect(isPassingRefusal("HubException: not_member: You are not a member of this room. Join it first.")).toBe(false);
    let box: Outbox = enqueue(enqueue(enqueue([], { ...base, clientMessageId: "c1" }), { ...base, clientMessageId: "c2" }),
      { ...base, roomId: "r2", clientMessageId: "c3" });
    box = markDeferred(markSending(box, "c1"), "c1", limited, 1000);
    expect(box[0]!.status).toBe("queued");
    expect(nextRetryAt(box)).toBe(4000);
    // c2 waits behind c1; the other room goes on.
    expect(readyToSend(box, 3999).map((m) => m.clientMessageId)).toEqual(["c3"]);
    expect(readyToSend(box, 4000).map((m) => m.clientMessageId)).toEqual(["c1", "c2", "c3"]);
  });

  it("fails a message refused for the rate limit too many times", () => {
    let box: Outbox = enqueue([], { ...base, clientMessageId: "c1" });
    for (let i = 0; i < MAX_ATTEMPTS; i++) box = markDeferred(markSending(box, "c1"), "c1", "Rate limited: too many messages. Retry in 1 s.", 0);
    expect(box[0]!.status).toBe("failed");
    expect(box[0]!.error).toMatch(/Rate limited/);
    expect(readyToSend(box, 1e12)).toEqual([]);
    expect(retry(box, "c1")[0]).toMatchObject({ status: "queued", attempts: 0, retryAt: null });
  });
});

describe("slow mode", () => {
  it("waits out a slow_mode refusal for its Retry-After, remembering why", () => {
    let box = enqueue([], { clientMessageId: "c1", roomId: "r", senderId: "me", text: "hi", replyToId: null, replyTo: null, createdAt: "2026-12-03T10:00:00Z" });
    box = markDeferred(box, "c1", "HubException: slow_mode retryAfter=12: Slow mode is on in this room.", 1000);
    expect(box[0]).toMatchObject({ status: "queued", retryAt: 13_000, errorCode: "slow_mode" });
  });
});
