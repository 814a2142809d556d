// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "react";
import type { CallDto, MeDto } from "../../api/types";
import type { ChatState } from "../chat/chatStore";
import { fakeSession, fakeStore, render, WithStore } from "../../lib/testDom";
import { IncomingCall } from "./IncomingCall";
import { CallTile } from "./CallTile";

const users = {
  alice: { id: "alice", userName: "alice", displayName: "Alice" },
  bob: { id: "bob", userName: "bob", displayName: "Bob" },
} as unknown as ChatState["users"];
const summaries = { r1: { room: { id: "r1", kind: "dm", name: "" }, memberIds: ["alice", "bob"] } } as unknown as ChatState["summaries"];

const call: CallDto = {
  id: "c1", roomId: "r1", startedById: "alice", video: true, mode: "mesh", startedAt: "2026-12-03T12:00:00Z", maxParticipants: 4,
  participants: [
    { userId: "alice", participantId: "pa", state: "joined", muted: false, cameraOn: true, sharing: false, serverMuted: false },
    { userId: "bob", participantId: null, state: "ringing", muted: false, cameraOn: false, sharing: false, serverMuted: false },
  ],
};

const button = (text: string) => Array.from(document.querySelectorAll<HTMLButtonElement>("[role='dialog'] button")).find((b) => b.textContent?.trim() === text)!;

describe("the incoming-call dialog", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = "";
  });

  function show() {
    const { store } = fakeStore({ me: { id: "bob" } as MeDto, users, summaries });
    const session = fakeSession(store);
    const joinCall = vi.spyOn(session.calls, "joinCall").mockResolvedValue();
    const decline = vi.spyOn(session.calls, "decline").mockResolvedValue();
    const dismiss = vi.spyOn(session.calls, "dismiss").mockReturnValue();
    render(<WithStore store={store} session={session}><IncomingCall call={call} /></WithStore>);
    return { joinCall, decline, dismiss };
  }

  it("names the caller, takes focus, and accepts with or without video or declines", () => {
    const { joinCall, decline } = show();
    const dialog = document.querySelector<HTMLElement>("[role='dialog']")!;
    expect(dialog.getAttribute("aria-label")).toBe("Incoming call from Alice");
    expect(dialog.textContent).toContain("Video call");
    expect(dialog.contains(document.activeElement)).toBe(true);
    act(() => button("Accept").click());
    expect(joinCall).toHaveBeenLastCalledWith(call, false);
    act(() => button("Accept with video").click());
    expect(joinCall).toHaveBeenLastCalledWith(call, true);
    act(() => button("Decline").click());
    expect(decline).toHaveBeenCalledWith("c1");
  });

  it("Esc silences it here without declining", () => {
    const { decline, dismiss } = show();
    act(() => {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    });
    expect(dismiss).toHaveBeenCalledWith("c1");
    expect(decline).not.toHaveBeenCalled();
  });
});

describe("a call tile", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("shows the muted icon and the ringing state by name", () => {
    render(<ul><CallTile userId="alice" name="Alice" state="ringing" muted speaking={false} video={null} /></ul>);
    const tile = document.querySelector<HTMLElement>("li[aria-label='Alice']")!;
    expect(tile.querySelector("[role='img'][aria-label='Muted']")).not.toBeNull();
    expect(tile.textContent).toContain("Ringing…");
  });

  it("has no muted icon when unmuted, and marks who is speaking", () => {
    render(<ul><CallTile userId="bob" name="Bob" state="joined" muted={false} speaking video={null} /></ul>);
    const tile = document.querySelector<HTMLElement>("li[aria-label='Bob']")!;
    expect(tile.querySelector("[aria-label='Muted']")).toBeNull();
    expect(tile.classList.contains("speaking")).toBe(true);
  });
});
