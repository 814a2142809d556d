import { describe, expect, it } from "vitest";
import type { CallDto, CallParticipantDto } from "../../api/types";
import { callReducer, endedText, initialCallsState, isReconnecting, type CallAction, type CallsState } from "./callState";

const ME = "u-me";
const ALICE = "u-alice";

function participant(userId: string, state: CallParticipantDto["state"], participantId: string | null = null, extra: Partial<CallParticipantDto> = {}): CallParticipantDto {
  return { userId, participantId, state, muted: false, cameraOn: false, sharing: false, serverMuted: false, ...extra };
}

function call(participants: CallParticipantDto[], extra: Partial<CallDto> = {}): CallDto {
  return {
    id: "c1", roomId: "r1", startedById: ALICE, video: false, mode: "mesh", startedAt: "2026-12-03T12:00:00Z",
    participants, maxParticipants: 4, ...extra,
  };
}

const run = (...actions: CallAction[]): CallsState => actions.reduce(callReducer, initialCallsState);

describe("call state", () => {
  it("rings for an incoming call until the ringing stops", () => {
    const ringing = call([participant(ALICE, "joined", "p-a"), participant(ME, "ringing")]);
    let s = run({ type: "ringing", call: ringing });
    expect(s.incoming.map((c) => c.id)).toEqual(["c1"]);
    expect(s.live.r1?.id).toBe("c1");
    s = callReducer(s, { type: "ringingStopped", callId: "c1" });
    expect(s.incoming).toEqual([]);
  });

  it("stops ringing when an update says I'm no longer rung (another tab declined)", () => {
    const s = run(
      { type: "ringing", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "ringing")]) },
      { type: "updated", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "declined")]), me: ME },
    );
    expect(s.incoming).toEqual([]);
  });

  it("accepting: joining, then joined with my participant id; the incoming dialog goes", () => {
    const c = call([participant(ALICE, "joined", "p-a"), participant(ME, "ringing")]);
    let s = run({ type: "ringing", call: c }, { type: "joining", roomId: "r1", call: c, local: { muted: false, cameraOn: false, sharing: false } });
    expect(s.incoming).toEqual([]);
    expect(s.active?.phase).toBe("joining");
    s = callReducer(s, { type: "joined", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "joined", "p-me")]), me: ME });
    expect(s.active).toMatchObject({ phase: "joined", participantId: "p-me", roomId: "r1" });
  });

  it("keeps participants' media flags from updates and drops peers that left", () => {
    let s = run(
      { type: "joined", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "joined", "p-me")]), me: ME },
      { type: "peer", participantId: "p-a", status: "connected" },
    );
    expect(s.active?.peers).toEqual({ "p-a": "connected" });
    s = callReducer(s, { type: "updated", call: call([participant(ALICE, "joined", "p-a", { muted: true }), participant(ME, "joined", "p-me")]), me: ME });
    expect(s.active?.call?.participants[0]?.muted).toBe(true);
    expect(s.active?.peers).toEqual({ "p-a": "connected" });
    // Alice rejoined from a new connection: a new participant id, the old peer is gone.
    s = callReducer(s, { type: "updated", call: call([participant(ALICE, "joined", "p-a2"), participant(ME, "joined", "p-me")]), me: ME });
    expect(s.active?.peers).toEqual({});
  });

  it("is reconnecting while a peer is disconnected or the hub is down, and not after", () => {
    let s = run({ type: "joined", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "joined", "p-me")]), me: ME });
    s = callReducer(s, { type: "peer", participantId: "p-a", status: "disconnected" });
    expect(isReconnecting(s.active)).toBe(true);
    s = callReducer(s, { type: "peer", participantId: "p-a", status: "connected" });
    expect(isReconnecting(s.active)).toBe(false);
    s = callReducer(s, { type: "hub", reconnecting: true });
    expect(isReconnecting(s.active)).toBe(true);
    // Rejoined with a new participant id: peers start over and the hub is back.
    s = callReducer(s, { type: "joined", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "joined", "p-me2")]), me: ME });
    expect(s.active).toMatchObject({ participantId: "p-me2", peers: {}, hubReconnecting: false });
    expect(isReconnecting(s.active)).toBe(false);
  });

  it("local media: mute and camera change, minimise keeps the call", () => {
    let s = run(
      { type: "joined", call: call([participant(ME, "joined", "p-me")]), me: ME },
      { type: "local", change: { muted: true } },
      { type: "minimise", minimised: true },
    );
    expect(s.active).toMatchObject({ local: { muted: true }, minimised: true, phase: "joined" });
    s = callReducer(s, { type: "local", change: { cameraOn: true } });
    expect(s.active?.local).toEqual({ muted: true, cameraOn: true, sharing: false });
  });

  it("ends: the view goes, the banner goes, and it says how it ended", () => {
    let s = run({ type: "joined", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "joined", "p-me")]), me: ME });
    s = callReducer(s, { type: "ended", callId: "c1", roomId: "r1", text: endedText(0, 250) });
    expect(s.active).toBeNull();
    expect(s.live.r1).toBeUndefined();
    expect(s.ended).toEqual({ callId: "c1", roomId: "r1", text: "Call ended · 4 min 10 s" });
  });

  it("another call ending leaves mine alone", () => {
    let s = run({ type: "joined", call: call([participant(ME, "joined", "p-me")]), me: ME });
    s = callReducer(s, { type: "ended", callId: "other", roomId: "r2", text: "Call ended" });
    expect(s.active?.call?.id).toBe("c1");
    expect(s.ended).toBeNull();
  });

  it("a refused join (call full) clears the call and keeps the reason", () => {
    const s = run(
      { type: "joining", roomId: "r1", call: null, local: { muted: false, cameraOn: false, sharing: false } },
      { type: "joinFailed", error: "This call is full." },
    );
    expect(s.active).toBeNull();
    expect(s.error).toBe("This call is full.");
  });

  it("removed or replaced here: the call goes with the reason", () => {
    const s = run(
      { type: "joined", call: call([participant(ME, "joined", "p-me")]), me: ME },
      { type: "leftHere", callId: "c1", text: "You were removed from the call." },
    );
    expect(s.active).toBeNull();
    expect(s.ended?.text).toBe("You were removed from the call.");
  });

  it("room banners follow GetActiveCall and updates", () => {
    let s = run({ type: "roomCall", roomId: "r1", call: call([participant(ALICE, "joined", "p-a")]) });
    expect(s.live.r1?.id).toBe("c1");
    s = callReducer(s, { type: "updated", call: call([participant(ALICE, "left")], { endedAt: "2026-12-03T12:05:00Z" }), me: ME });
    expect(s.live.r1).toBeUndefined();
  });

  it("ignores an update older than the copy it holds (events can overtake an answer)", () => {
    let s = run({ type: "joined", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "joined", "p-me")], { rev: 5 }), me: ME });
    s = callReducer(s, { type: "updated", call: call([participant(ALICE, "joined", "p-a"), participant(ME, "ringing")], { rev: 4 }), me: ME });
    expect(s.active?.call?.rev).toBe(5);
    expect(s.active?.call?.participants[1]?.state).toBe("joined");
    s = callReducer(s, { type: "updated", call: call([participant(ALICE, "joined", "p-a", { muted: true }), participant(ME, "joined", "p-me")], { rev: 6 }), me: ME });
    expect(s.active?.call?.participants[0]?.muted).toBe(true);
  });

  it("says how a call ended", () => {
    expect(endedText("missed")).toBe("No answer");
    expect(endedText(2)).toBe("Call declined");
    expect(endedText(0, 42)).toBe("Call ended · 42 s");
    expect(endedText("ended", 3600 + 120)).toBe("Call ended · 1 h 2 min");
  });
});
