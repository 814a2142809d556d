// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CallDto, CallParticipantDto } from "../../api/types";
import type { ChatStore } from "../chat/chatStore";
import { CallStore } from "./callStore";
import { isReconnecting } from "./callState";

const me = (participantId: string | null, state: CallParticipantDto["state"] = "joined"): CallParticipantDto =>
  ({ userId: "me", participantId, state, muted: false, cameraOn: false, sharing: false, serverMuted: false });
const alice = (state: CallParticipantDto["state"], participantId: string | null = null): CallParticipantDto =>
  ({ userId: "alice", participantId, state, muted: false, cameraOn: false, sharing: false, serverMuted: false });
const call = (participants: CallParticipantDto[], rev = 1): CallDto =>
  ({ id: "c1", roomId: "r1", startedById: "me", video: false, mode: "mesh", startedAt: "2026-12-03T12:00:00Z", participants, maxParticipants: 4, rev, iceServers: [] });

/** The chat store as the call store uses it: hub methods, hub events, connect hooks and the connection status. */
function fakeChat() {
  const handlers = new Map<string, (p: unknown) => void>();
  const connected: (() => void)[] = [];
  const listeners = new Set<() => void>();
  let state = { me: { id: "me" }, users: {}, summaries: {}, status: "connected", currentRoomId: null as string | null };
  const hub = {
    isConnected: true,
    startCall: vi.fn(async () => call([me("p1")])),
    joinCall: vi.fn(async () => call([me("p2")], 3)),
    getMyCalls: vi.fn(async () => [call([me("p1", "reconnecting")], 2)]),
    leaveCall: vi.fn(async () => undefined),
    declineCall: vi.fn(async () => undefined),
    updateCallMedia: vi.fn(async () => undefined),
    getActiveCall: vi.fn(async () => null),
    signalCall: vi.fn(async () => undefined),
    sfuPublish: vi.fn(async () => ({ sdp: "janus answer" })),
    sfuAnswer: vi.fn(async () => undefined),
    sfuCandidate: vi.fn(async () => undefined),
    sfuRestart: vi.fn(async () => undefined),
  };
  const chat = {
    hub,
    getState: () => state,
    subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
    onHub: (e: string, h: (p: unknown) => void) => (handlers.set(e, h), () => handlers.delete(e)),
    onConnected: (h: () => void) => (connected.push(h), () => undefined),
  } as unknown as ChatStore;
  return {
    chat, hub,
    emit: (e: string, p: unknown) => handlers.get(e)!(p),
    setStatus(status: string) {
      state = { ...state, status };
      for (const l of listeners) l();
    },
    reconnectWithoutJoin() {
      state = { ...state, status: "connected" };
      for (const l of listeners) l();
      for (const h of connected) h();
    },
    async reconnect() {
      state = { ...state, status: "connected" };
      for (const l of listeners) l();
      for (const h of connected) h();
      await vi.waitFor(() => expect(hub.joinCall).toHaveBeenCalled());
    },
  };
}

describe("call store", () => {
  let store: CallStore | null = null;
  afterEach(() => {
    store?.dispose();
    vi.unstubAllGlobals();
  });

  it("after the hub reconnects, rejoins the call it was in with the new connection (a new participant id)", async () => {
    const f = fakeChat();
    store = new CallStore(f.chat);
    store.start();
    await store.startCall("r1", false);
    expect(store.calls.active).toMatchObject({ phase: "joined", participantId: "p1" });

    f.setStatus("reconnecting");
    expect(isReconnecting(store.calls.active)).toBe(true);
    await f.reconnect();
    expect(f.hub.joinCall).toHaveBeenCalledWith("c1");
    await vi.waitFor(() => expect(store!.calls.active?.participantId).toBe("p2"));
    expect(isReconnecting(store.calls.active)).toBe(false);
  });

  it("a call that ended while the hub was away is gone after the reconnect; a stale update changes nothing", async () => {
    // jsdom has no WebRTC: a connection that does nothing (negotiation has its own tests).
    vi.stubGlobal("RTCPeerConnection", class {
      addTransceiver() { return {}; }
      getTransceivers() { return []; }
      close() {}
    });
    const f = fakeChat();
    f.hub.startCall.mockResolvedValue(call([me("p1"), alice("joined", "pa")], 5));
    f.hub.getMyCalls.mockResolvedValue([]);
    store = new CallStore(f.chat);
    store.start();
    await store.startCall("r1", false);
    expect(f.hub.startCall).toHaveBeenCalled();
    f.emit("CallUpdated", call([me("p1"), alice("left")], 4));
    expect(store.calls.active?.call?.participants[1]?.state).toBe("joined");
    f.setStatus("reconnecting");
    f.reconnectWithoutJoin();
    await vi.waitFor(() => expect(store!.calls.active).toBeNull());
    expect(f.hub.joinCall).not.toHaveBeenCalled();
    expect(store.calls.ended?.text).toBe("Call ended");
  });

  it("rings for CallRinging, stops on CallRingingStopped, and says how my call ended", async () => {
    const f = fakeChat();
    store = new CallStore(f.chat);
    store.start();
    f.emit("CallRinging", { ...call([alice("joined", "pa"), me(null, "ringing")]), id: "c9", startedById: "alice" });
    expect(store.calls.incoming.map((c) => c.id)).toEqual(["c9"]);
    f.emit("CallRingingStopped", { callId: "c9", roomId: "r1", reason: "accepted" });
    expect(store.calls.incoming).toEqual([]);

    await store.startCall("r1", false);
    f.emit("CallEnded", { callId: "c1", roomId: "r1", reason: "ended", durationSeconds: 42 });
    expect(store.calls.active).toBeNull();
    expect(store.calls.ended?.text).toBe("Call ended · 42 s");
  });

  it("an sfu call goes through the media server: it publishes, and answers an offer that overtook StartCall's answer", async () => {
    // jsdom has no WebRTC: just enough of a connection and a stream for the two media-server connections.
    vi.stubGlobal("MediaStream", class {
      private readonly list: unknown[] = [];
      getTracks() { return [...this.list]; }
      addTrack(t: unknown) { this.list.push(t); }
      removeTrack(t: unknown) { this.list.splice(this.list.indexOf(t), 1); }
    });
    vi.stubGlobal("RTCPeerConnection", class {
      signalingState = "stable";
      connectionState = "new";
      localDescription: { type: string; sdp: string } | null = null;
      onnegotiationneeded: (() => void) | null = null;
      private readonly list: { mid: string; receiver: { track: { id: string } } }[] = [];
      addTransceiver() {
        const t = { mid: String(this.list.length), receiver: { track: { id: "sent" } } };
        this.list.push(t);
        setTimeout(() => this.onnegotiationneeded?.(), 0);
        return t;
      }
      getTransceivers() { return this.list; }
      async setRemoteDescription(d: { type: string; sdp: string }) {
        if (d.type === "offer" && !this.list.length) this.list.push({ mid: "0", receiver: { track: { id: "alice-voice" } } });
        this.signalingState = d.type === "offer" ? "have-remote-offer" : "stable";
      }
      async setLocalDescription() {
        const type = this.signalingState === "have-remote-offer" ? "answer" : "offer";
        this.localDescription = { type, sdp: `my ${type}` };
        this.signalingState = type === "offer" ? "have-local-offer" : "stable";
      }
      close() {}
    });
    const f = fakeChat();
    let answerStart!: (c: CallDto) => void;
    f.hub.startCall.mockReturnValue(new Promise<CallDto>((ok) => (answerStart = ok)));
    store = new CallStore(f.chat);
    store.start();
    const starting = store.startCall("r1", false);
    await vi.waitFor(() => expect(f.hub.startCall).toHaveBeenCalled());
    f.emit("SfuOffer", {
      callId: "c1", sdp: "janus offer",
      streams: [{ mid: "0", participantId: "pa", userId: "alice", kind: "audio", description: "microphone", active: true }],
    });
    answerStart({ ...call([me("p1"), alice("joined", "pa")]), mode: "sfu", maxParticipants: 16 });
    await starting;

    await vi.waitFor(() => expect(f.hub.sfuAnswer).toHaveBeenCalledWith("c1", "my answer"));
    await vi.waitFor(() => expect(f.hub.sfuPublish).toHaveBeenCalledWith("c1", "my offer", [{ mid: "0", description: "microphone" }]));
    // Alice's voice plays in her tile's audio; nothing went peer to peer.
    expect(store.remoteMedia("pa")?.audio.getTracks()).toEqual([{ id: "alice-voice" }]);
    expect(f.hub.signalCall).not.toHaveBeenCalled();

    // She leaves: her media goes with her.
    f.emit("CallUpdated", { ...call([me("p1"), alice("left")], 2), mode: "sfu" });
    expect(store.remoteMedia("pa")).toBeUndefined();
  });

  it("the media server lost my session (its calls refused with media_server_unavailable): joins again and publishes afresh", async () => {
    vi.stubGlobal("RTCPeerConnection", class {
      signalingState = "stable";
      connectionState = "new";
      localDescription: { type: string; sdp: string } | null = null;
      onnegotiationneeded: (() => void) | null = null;
      private readonly list: { mid: string }[] = [];
      addTransceiver() {
        const t = { mid: String(this.list.length) };
        this.list.push(t);
        setTimeout(() => this.onnegotiationneeded?.(), 0);
        return t;
      }
      getTransceivers() { return this.list; }
      async setRemoteDescription() { this.signalingState = "stable"; }
      async setLocalDescription(d?: { type: string }) {
        this.signalingState = d?.type === "rollback" ? "stable" : "have-local-offer";
        this.localDescription = { type: "offer", sdp: "my offer" };
      }
      close() {}
    });
    const f = fakeChat();
    const sfuCall = (rev: number) => ({ ...call([me("p1")], rev), mode: "sfu", maxParticipants: 16 });
    f.hub.startCall.mockResolvedValue(sfuCall(1));
    f.hub.joinCall.mockResolvedValue(sfuCall(2));
    f.hub.sfuPublish.mockRejectedValueOnce(new Error(
      "An unexpected error occurred invoking 'SfuPublish' on the server. HubException: media_server_unavailable retryAfter=1: The media server didn't answer; try again."));
    store = new CallStore(f.chat);
    store.start();
    await store.startCall("r1", false);
    await vi.waitFor(() => expect(f.hub.joinCall).toHaveBeenCalledWith("c1"));
    await vi.waitFor(() => expect(f.hub.sfuPublish).toHaveBeenCalledTimes(2));
    expect(store.calls.active).toMatchObject({ phase: "joined", participantId: "p1" });
    expect(store.calls.error ?? "").not.toMatch(/media server/); // (jsdom has no microphone: that error is there)
  });

  it("everyone rung was busy: says they're in another call", async () => {
    const f = fakeChat();
    f.hub.startCall.mockResolvedValue(call([me("p1"), alice("busy")]));
    store = new CallStore(f.chat);
    store.start();
    await store.startCall("r1", false);
    f.emit("CallEnded", { callId: "c1", roomId: "r1", reason: "missed", durationSeconds: 0 });
    expect(store.calls.ended?.text).toBe("Someone is in another call");
  });
});
