import { describe, expect, it } from "vitest";
import { notificationFromPush, pickWindow, shouldShowPush } from "./pushPayload";

const roomId = "0198a2b4-15b3-7e89-bfb3-1520d7f4ba2d";

describe("push payload → notification", () => {
  it("titles it, tags it per conversation, and links to the conversation", () => {
    const n = notificationFromPush({ title: "Alice", body: "Lunch at noon?", roomId, messageId: "m", seq: 12 });
    expect(n?.title).toBe("Alice");
    expect(n?.options.body).toBe("Lunch at noon?");
    expect(n?.options.tag).toBe(`room-${roomId}`);
    expect(n?.options.data).toEqual({ roomId, url: `/r/${roomId}` });
  });

  it("refuses payloads without a conversation id, and fills a missing title or body", () => {
    expect(notificationFromPush(null)).toBeNull();
    expect(notificationFromPush({ title: "x", body: "y", roomId: "../evil" })).toBeNull();
    const n = notificationFromPush({ roomId });
    expect(n?.title).toBe("Parley");
    expect(n?.options.body).toBe("New message");
  });

  it("is not shown while a window of the app has focus", () => {
    expect(shouldShowPush([{ focused: false }])).toBe(true);
    expect(shouldShowPush([])).toBe(true);
    expect(shouldShowPush([{ focused: false }, { focused: true }])).toBe(false);
  });

  it("a click reuses the focused window of the app, else any, else none", () => {
    const o = "https://chat.example";
    const a = { focused: false, url: `${o}/r/1` }, b = { focused: true, url: `${o}/` }, c = { focused: true, url: "https://else/" };
    expect(pickWindow([a, b, c], o)).toBe(b);
    expect(pickWindow([a, c], o)).toBe(a);
    expect(pickWindow([c], o)).toBeNull();
  });
});
