import { describe, expect, it } from "vitest";
import type { ChatConnection } from "../../realtime/connection";
import { HubEventBus } from "./hubEventBus";

function fakeConnection() {
  const on = new Map<string, (p: unknown) => void>();
  const connection = { on: (event: string, h: (p: unknown) => void) => on.set(event, h) } as unknown as ChatConnection;
  return { connection, emit: (event: string, p: unknown) => on.get(event)!(p), count: () => on.size };
}

describe("HubEventBus", () => {
  it("runs the chat store's handler before the other stores' taps, whichever came first", () => {
    const { connection, emit, count } = fakeConnection();
    const bus = new HubEventBus(connection);
    const seen: string[] = [];
    const off = bus.tap<number>("MessageCreated", (n) => seen.push(`tap ${n}`));
    bus.handle<number>("MessageCreated", (n) => seen.push(`own ${n}`));
    emit("MessageCreated", 1);
    off();
    emit("MessageCreated", 2);
    expect(seen).toEqual(["own 1", "tap 1", "own 2"]);
    expect(count()).toBe(2); // MessageCreated and its batch form, MessagesCreated
  });

  it("hands each message of a MessagesCreated on as a MessageCreated, in order, to the handler and then the taps", () => {
    const { connection, emit } = fakeConnection();
    const bus = new HubEventBus(connection);
    const seen: string[] = [];
    bus.handle<number>("MessageCreated", (n) => seen.push(`own ${n}`));
    bus.tap<number>("MessageCreated", (n) => seen.push(`tap ${n}`));
    emit("MessagesCreated", [4, 5, 6]);
    emit("MessageCreated", 7);
    expect(seen).toEqual(["own 4", "tap 4", "own 5", "tap 5", "own 6", "tap 6", "own 7", "tap 7"]);
  });
});
