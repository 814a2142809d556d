import { describe, expect, it } from "vitest";
import { enqueue, hubErrorText, isConnectionError, markFailed, markQueued, markSending, readyToSend, retry, settle, type Outbox } from "./outbox";
import { msg } from "./testData";

const base = { roomId: "r1", senderId: "me", text: "hi", replyToId: null, replyTo: null, createdAt: "2026-11-22T10:00:00Z" };

describe("outbox", () => {
  it("goes pending → sent", () => {
    let box: Outbox = enqueue([], { ...base, clientMessageId: "c1" });
    expect(readyToSend(box).map((m) => m.clientMessageId)).toEqual(["c1"]);
    box = markSending(box, "c1");
    expect(readyToSend(box)).toEqual([]);
    box = settle(box, [msg(1, 1, { senderId: "me", clientMessageId: "c1" })], "me");
    expect(box).toEqual([]);
  });

  it("goes pending → failed → retry with the same clientMessageId", () => {
    let box: Outbox = markSending(enqueue([], { ...base, clientMessageId: "c1" }), "c1");
    box = markFailed(box, "c1", "Message text is empty.");
    expect(box[0]!.status).toBe("failed");
    expect(readyToSend(box)).toEqual([]);
    box = retry(box, "c1");
    expect(readyToSend(box)[0]!.clientMessageId).toBe("c1");
  });

  it("requeues after a dropped connection", () => {
    let box: Outbox = markSending(enqueue([], { ...base, clientMessageId: "c1" }), "c1");
    box = markQueued(box, "c1");
    expect(readyToSend(box).length).toBe(1);
  });

  it("ignores others' messages with the same clientMessageId", () => {
    const box: Outbox = enqueue([], { ...base, clientMessageId: "c1" });
    expect(settle(box, [msg(1, 1, { senderId: "other", clientMessageId: "c1" })], "me")).toBe(box);
  });

  it("tells refusals from connection errors", () => {
    const refusal = "An unexpected error occurred invoking 'SendMessage' on the server. HubException: Message text is empty.";
    expect(isConnectionError(refusal)).toBe(false);
    expect(hubErrorText(refusal)).toBe("Message text is empty.");
    expect(isConnectionError("Invocation canceled due to the underlying connection being closed.")).toBe(true);
    expect(isConnectionError("Cannot send data if the connection is not in the 'Connected' State.")).toBe(true);
  });
});
