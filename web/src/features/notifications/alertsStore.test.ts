// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MessageDto, RoomSummary } from "../../api/types";
import { msg } from "../../lib/testData";
import type { ChatStore } from "../chat/chatStore";
import type { PresenceStore } from "../presence/presenceStore";
import type { SettingsStore } from "../settings/settingsStore";
import { DEFAULT_SETTINGS } from "../settings/settingsStore";

vi.mock("../../lib/sound", () => ({ playChime: vi.fn() }));
vi.mock("./push", () => ({ enablePush: vi.fn() }));
const { AlertsStore } = await import("./alertsStore");
const { playChime } = await import("../../lib/sound");

const me = { id: "me", userName: "alice", displayName: "Alice", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "" };
const room = (id: string, kind: RoomSummary["room"]["kind"], name = ""): RoomSummary => ({
  room: { id, kind, name, topic: "", createdById: "u", createdAt: "", lastSeq: 1, lastRev: 1, lastActivityAt: "", iconUrl: null },
  role: "member", lastReadSeq: 0, unreadCount: 0, lastMessage: null,
  members: kind === "dm" ? [{ ...me }, { id: "bob", userName: "bob", displayName: "Bob", statusText: "", bio: "", timeZone: "", avatarUrl: null }] : null,
});

function setup(opts: { current?: string; status?: string; blocked?: readonly string[]; sound?: boolean } = {}) {
  let handler: (m: MessageDto) => void = () => undefined;
  const state = {
    me, currentRoomId: opts.current ?? "general",
    summaries: { general: room("general", "public", "general"), dm: room("dm", "dm") },
    users: { bob: { id: "bob", userName: "bob", displayName: "Bob" } },
  };
  const chat = {
    getState: () => state,
    subscribe: () => () => undefined,
    onHub: (_e: string, h: (m: MessageDto) => void) => {
      handler = h;
      return () => undefined;
    },
  } as unknown as ChatStore;
  const presence = { statusOf: () => (opts.status ? { userId: "me", status: opts.status } : undefined) } as unknown as PresenceStore;
  const settings = {
    getState: () => ({ settings: { ...DEFAULT_SETTINGS, notificationSound: opts.sound ?? true }, blocked: new Set(opts.blocked ?? []) }),
  } as unknown as SettingsStore;
  const alerts = new AlertsStore(chat, presence, settings);
  alerts.start();
  return { alerts, emit: (m: MessageDto) => handler(m) };
}

describe("alerts in the open tab", () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(playChime).mockClear();
  });
  afterEach(() => vi.useRealTimers());

  it("a DM message while another conversation is on screen: a toast with sender, place and text, and a chime", () => {
    const { alerts, emit } = setup();
    emit(msg(1, 1, { roomId: "dm", senderId: "bob", text: "Lunch?" }));
    expect(alerts.getState().toasts).toEqual([expect.objectContaining({ roomId: "dm", sender: "Bob", place: "Direct message", body: "Lunch?" })]);
    expect(playChime).toHaveBeenCalledTimes(1);
  });

  it("nothing for the conversation on screen, for room chatter without a mention, on DND, from blocked people", () => {
    for (const [opts, m] of [
      [{ current: "dm" }, msg(1, 1, { roomId: "dm", senderId: "bob" })],
      [{}, msg(1, 1, { roomId: "general", senderId: "bob", text: "hi all", mentions: [], wildcard: null })],
      [{ status: "dnd" }, msg(1, 1, { roomId: "dm", senderId: "bob" })],
      [{ blocked: ["bob"] }, msg(1, 1, { roomId: "dm", senderId: "bob" })],
    ] as const) {
      const { alerts, emit } = setup(opts);
      emit(m);
      expect(alerts.getState().toasts).toEqual([]);
    }
    expect(playChime).not.toHaveBeenCalled();
  });

  it("a mention in a room toasts as '#room'; no chime when sound is off; the toast goes by itself", () => {
    vi.useFakeTimers();
    const { alerts, emit } = setup({ current: "dm", sound: false });
    emit(msg(2, 2, { roomId: "general", senderId: "bob", text: "@alice look", mentions: ["me"], wildcard: null }));
    expect(alerts.getState().toasts[0]?.place).toBe("#general");
    expect(playChime).not.toHaveBeenCalled();
    vi.advanceTimersByTime(8000);
    expect(alerts.getState().toasts).toEqual([]);
  });

  it("my own first message offers notification permission once; 'Not now' is remembered", () => {
    vi.stubGlobal("Notification", { permission: "default" });
    const { alerts, emit } = setup();
    expect(alerts.getState().offerPermission).toBe(false);
    emit(msg(3, 3, { roomId: "general", senderId: "me" }));
    expect(alerts.getState().offerPermission).toBe(true);
    alerts.dismissOffer();
    const again = setup();
    again.emit(msg(4, 4, { roomId: "general", senderId: "me" }));
    expect(again.alerts.getState().offerPermission).toBe(false);
    vi.unstubAllGlobals();
  });
});
