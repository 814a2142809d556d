// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { Profiler } from "react";
import type { RoomSummary } from "../../api/types";
import type { ChatState } from "../chat/chatStore";
import { act } from "react";
import { fakeSession, fakeStore, render, WithStore } from "../../lib/testDom";
import { msg } from "../../lib/testData";
import { emptyTimeline } from "../../lib/timeline";
import { Timeline } from "./Timeline";

const me = { id: "me", userName: "me", displayName: "Me", statusText: "", bio: "", timeZone: "", avatarUrl: null, createdAt: "2026-11-22T00:00:00Z" };
const summary: RoomSummary = {
  room: { id: "r1", kind: "public", name: "general", topic: "", createdById: "u2", createdAt: "2026-11-22T00:00:00Z", lastSeq: 12, lastRev: 12, lastActivityAt: "2026-11-22T00:00:00Z", iconUrl: null },
  role: "member", lastReadSeq: 12, unreadCount: 0, lastMessage: null, members: null,
};
const timeline = (...seqs: number[]) => ({ ...emptyTimeline(12), loaded: true, hasMoreOlder: true, messages: seqs.map((s) => msg(s)) });

describe("Timeline", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("announces messages as they arrive, not the history loaded or paged in", () => {
    const state: Partial<ChatState> = {
      me, users: { u2: { id: "u2", userName: "bob", displayName: "Bob" } }, outbox: [], unreadMarker: {}, loadingOlder: {},
      highlight: null, emoji: null, currentRoomId: "r1", timelines: { r1: timeline(10, 11, 12) },
    };
    const { store, update } = fakeStore(state, { markRead: async () => undefined, loadOlder: async () => false });
    const view = render(
      <WithStore store={store}>
        <Timeline summary={summary} editingId={null} onEdit={() => undefined} onReply={() => undefined} onShowProfile={() => undefined} />
      </WithStore>,
    );
    const log = view.container.querySelector("[role='log']")!;
    const live = () => Array.from(view.container.querySelectorAll("[aria-live]")).filter((el) => el.getAttribute("aria-live") !== "off");
    expect(log.getAttribute("aria-live")).toBe("off");
    expect(live().map((el) => el.textContent)).toEqual([""]);

    update({ timelines: { r1: timeline(8, 9, 10, 11, 12) } }); // an older page
    expect(live()[0]!.textContent).toBe("");
    update({ timelines: { r1: timeline(8, 9, 10, 11, 12, 13) } }); // a new message
    expect(live()[0]!.textContent).toBe("Bob: hello 13");
    view.unmount();
  });

  it("doesn't re-render for state it doesn't show (typing, the connection)", () => {
    const state: Partial<ChatState> = {
      me, users: {}, outbox: [], unreadMarker: {}, loadingOlder: {}, highlight: null, emoji: null, currentRoomId: "r1",
      timelines: { r1: timeline(10, 11, 12) }, typing: {}, status: "connected",
    };
    const { store, update } = fakeStore(state, { markRead: async () => undefined, loadOlder: async () => false });
    const renders = vi.fn();
    const view = render(
      <WithStore store={store}>
        <Profiler id="timeline" onRender={renders}>
          <Timeline summary={summary} editingId={null} onEdit={() => undefined} onReply={() => undefined} onShowProfile={() => undefined} />
        </Profiler>
      </WithStore>,
    );
    renders.mockClear();
    update({ typing: { r2: [{ userId: "u3", userName: "carol", until: Date.now() + 5000 }] } });
    update({ status: "reconnecting" });
    expect(renders).not.toHaveBeenCalled();
    update({ timelines: { r1: timeline(10, 11, 12, 13) } });
    expect(renders).toHaveBeenCalled();
    view.unmount();
  });

  it("folds a blocked sender's consecutive messages into one row, and Show brings them all back", () => {
    const many = Array.from({ length: 96 }, (_, i) => i + 1);
    const state: Partial<ChatState> = {
      me, users: { u2: { id: "u2", userName: "bob", displayName: "Bob" } }, outbox: [], unreadMarker: {}, loadingOlder: {},
      highlight: null, emoji: null, currentRoomId: "r1", timelines: { r1: { ...timeline(), messages: [...many.map((s) => msg(s)), msg(97, 97, { senderId: "me" })] } },
    };
    const { store } = fakeStore(state, { markRead: async () => undefined, loadOlder: async () => false });
    const session = fakeSession(store);
    (session.settings as unknown as { set: (p: object) => void }).set({ blocked: new Set(["u2"]) });
    const view = render(
      <WithStore store={store} session={session}>
        <Timeline summary={summary} editingId={null} onEdit={() => undefined} onReply={() => undefined} onShowProfile={() => undefined} />
      </WithStore>,
    );
    const hidden = view.container.querySelectorAll(".blocked-hidden");
    expect(hidden.length).toBe(1);
    expect(hidden[0]!.textContent).toContain("96 hidden messages from a blocked user");
    expect(view.container.textContent).not.toContain("hello 5");
    act(() => hidden[0]!.querySelector("button")!.click());
    expect(view.container.querySelectorAll(".blocked-hidden").length).toBe(0);
    expect(view.container.querySelectorAll("article[data-message-id]").length).toBe(97);
    view.unmount();
  });

  it("offers Jump to latest on a detached window, with End or Escape in the log too, and leaves it for the latest", () => {
    const state: Partial<ChatState> = {
      me, users: {}, outbox: [], unreadMarker: {}, loadingOlder: {}, highlight: null, emoji: null, currentRoomId: "r1",
      timelines: { r1: timeline(10, 11, 12) },
    };
    const showLatest = vi.fn();
    const { store, update } = fakeStore(state, {
      markRead: async () => undefined, loadOlder: async () => false, loadNewer: async () => false, showLatest,
    });
    const view = render(
      <WithStore store={store}>
        <Timeline summary={summary} editingId={null} onEdit={() => undefined} onReply={() => undefined} onShowProfile={() => undefined} />
      </WithStore>,
    );
    const jump = () => Array.from(view.container.querySelectorAll("button")).find((b) => b.textContent?.includes("Jump to latest"));
    const log = view.container.querySelector<HTMLElement>("[role='log']")!;
    expect(jump()).toBeUndefined();
    // Escape at the latest is left to others (it closes what is open).
    act(() => void log.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true })));
    expect(showLatest).not.toHaveBeenCalled();

    update({ timelines: { r1: { ...timeline(3, 4, 5), detached: true } } });
    act(() => jump()!.click());
    expect(showLatest).toHaveBeenCalledWith("r1");
    for (const key of ["End", "Escape"]) {
      showLatest.mockClear();
      act(() => void log.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true })));
      expect(showLatest).toHaveBeenCalledWith("r1");
    }
    view.unmount();
  });
});
