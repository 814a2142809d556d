// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PresenceDto } from "../../api/types";
import type { ChatStore } from "../chat/chatStore";
import { PresenceStore } from "./presenceStore";

function fakeChat() {
  const hubHandlers = new Map<string, (p: unknown) => void>();
  const connected: (() => void)[] = [];
  const hub = {
    isConnected: false,
    getPresence: vi.fn(async (ids: string[]) => ids.map((userId): PresenceDto => ({ userId, status: "online", lastSeenAt: null }))),
    setIdle: vi.fn(async () => undefined),
    setPresence: vi.fn(async () => undefined),
  };
  const state = { me: { id: "me" }, users: { me: {}, bob: {}, carol: {} } };
  const chat = {
    hub,
    getState: () => state,
    subscribe: () => () => undefined,
    onHub: (e: string, h: (p: unknown) => void) => (hubHandlers.set(e, h), () => undefined),
    onConnected: (h: () => void) => (connected.push(h), () => undefined),
  } as unknown as ChatStore;
  return {
    chat, hub,
    connect() {
      hub.isConnected = true;
      for (const h of connected) h();
    },
    emit: (e: string, p: unknown) => hubHandlers.get(e)!(p),
  };
}

describe("presence store", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks for everyone known after connecting, in one call, and follows PresenceChanged", async () => {
    const f = fakeChat();
    const p = new PresenceStore(f.chat);
    p.start();
    f.connect();
    await vi.advanceTimersByTimeAsync(50);
    expect(f.hub.getPresence).toHaveBeenCalledTimes(1);
    expect([...f.hub.getPresence.mock.calls[0]![0]].sort()).toEqual(["bob", "carol", "me"]);
    expect(p.statusOf("bob")?.status).toBe("online");
    f.emit("PresenceChanged", { userId: "bob", status: "offline", lastSeenAt: "2026-11-22T10:00:00Z" });
    expect(p.statusOf("bob")).toEqual({ userId: "bob", status: "offline", lastSeenAt: "2026-11-22T10:00:00Z" });
    p.dispose();
  });

  it("reports the tab idle after the away time, active on activity, and idle again to a new connection", async () => {
    const f = fakeChat();
    const p = new PresenceStore(f.chat);
    p.start();
    f.connect();
    p.setAwayAfter(2);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(f.hub.setIdle).toHaveBeenLastCalledWith(true);
    f.connect(); // a reconnect: the server thinks the new connection is active
    expect(f.hub.setIdle).toHaveBeenCalledTimes(2);
    expect(f.hub.setIdle).toHaveBeenLastCalledWith(true);
    window.dispatchEvent(new KeyboardEvent("keydown"));
    expect(f.hub.setIdle).toHaveBeenLastCalledWith(false);
    p.dispose();
  });
});
