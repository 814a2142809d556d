import { describe, expect, it } from "vitest";
import type { CallDto, CallSignalKind } from "../../api/types";
import type { PeerStatus } from "./callState";
import { Mesh } from "./mesh";
import { isPolite, offerTargets, PeerLink, type LocalTracks } from "./negotiation";

/** Lets queued tasks and promise chains run (the fake connection and the wire use macrotasks). */
async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

const tick = () => new Promise((r) => setTimeout(r, 0));

class FakeTransceiver {
  sender: { track: unknown; replaceTrack: (t: unknown) => Promise<void> };
  receiver: { track: { kind: string } };
  constructor(readonly kind: string, track: unknown, public direction: string) {
    const sender = { track, replaceTrack: async (t: unknown) => void (sender.track = t) };
    this.sender = sender;
    this.receiver = { track: { kind } };
  }
}

/** Enough of RTCPeerConnection's signalling state machine (with implicit rollback) to check the negotiation rules. */
class FakePC {
  static made = 0;
  readonly id = ++FakePC.made;
  signalingState = "stable";
  connectionState = "new";
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  transceivers: FakeTransceiver[] = [];
  added: unknown[] = [];
  offers = 0;
  rollbacks = 0;
  restarts = 0;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((e: unknown) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: ((e: unknown) => void) | null = null;
  private needed = false;
  private renegotiate = false;

  addTransceiver(trackOrKind: string | { kind: string }, init: { direction: string }) {
    const t = typeof trackOrKind === "string" ? new FakeTransceiver(trackOrKind, null, init.direction) : new FakeTransceiver(trackOrKind.kind, trackOrKind, init.direction);
    this.transceivers.push(t);
    this.queueNegotiation();
    return t;
  }
  getTransceivers() {
    return this.transceivers;
  }
  private queueNegotiation() {
    if (this.needed) return;
    this.needed = true;
    setTimeout(() => {
      this.needed = false;
      if (this.signalingState === "stable") this.onnegotiationneeded?.();
      else this.renegotiate = true;
    }, 0);
  }
  private stable() {
    this.signalingState = "stable";
    if (this.renegotiate) {
      this.renegotiate = false;
      this.queueNegotiation();
    }
  }
  async setLocalDescription() {
    await tick();
    if (this.signalingState === "have-remote-offer") {
      this.localDescription = { type: "answer", sdp: `answer from ${this.id}` };
      this.stable();
    } else {
      this.offers++;
      this.localDescription = { type: "offer", sdp: `offer ${this.id}.${this.offers} m=${this.transceivers.length}` };
      this.signalingState = "have-local-offer";
    }
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    await tick();
    if (d.type === "offer") {
      if (this.signalingState === "have-local-offer") {
        this.rollbacks++;
        this.renegotiate = true;
        this.signalingState = "stable";
      }
      const m = Number(/m=(\d+)/.exec(d.sdp)?.[1] ?? 0);
      while (this.transceivers.length < m) {
        const t = new FakeTransceiver(this.transceivers.length === 0 ? "audio" : "video", null, "recvonly");
        this.transceivers.push(t);
        this.ontrack?.({ transceiver: t, track: t.receiver.track });
      }
      this.remoteDescription = d;
      this.signalingState = "have-remote-offer";
    } else {
      if (this.signalingState !== "have-local-offer") throw new DOMException("answer in " + this.signalingState, "InvalidStateError");
      this.remoteDescription = d;
      this.stable();
    }
  }
  async addIceCandidate(c: unknown) {
    if (!this.remoteDescription) throw new DOMException("no remote description", "InvalidStateError");
    this.added.push(c);
  }
  restartIce() {
    this.restarts++;
    this.queueNegotiation();
  }
  close() {
    this.signalingState = "closed";
  }
  fail() {
    this.connectionState = "failed";
    this.onconnectionstatechange?.();
  }
  candidate(c: object) {
    this.onicecandidate?.({ candidate: { toJSON: () => c } });
  }
}

const track = (kind: string, name: string) => ({ kind, name }) as unknown as MediaStreamTrack;
const tracksOf = (who: string): LocalTracks => ({ audio: track("audio", `${who}-mic`), camera: track("video", `${who}-cam`), screen: null });

interface Side {
  pc: FakePC;
  link: PeerLink;
  sent: { kind: CallSignalKind; payload: string }[];
  errors: unknown[];
  statuses: PeerStatus[];
}

/** Two participants' links joined by an asynchronous wire (the hub), in both directions. */
function pair(newcomer: string, existing: string) {
  const sides = {} as Record<"a" | "b", Side>;
  const make = (key: "a" | "b", me: string, them: string, initiator: boolean) => {
    const pc = new FakePC();
    const side: Side = { pc, sent: [], errors: [], statuses: [], link: undefined as unknown as PeerLink };
    side.link = new PeerLink({
      remoteId: them, polite: isPolite(me, them), initiator, pc: pc as unknown as RTCPeerConnection,
      tracks: () => tracksOf(me),
      send: (kind, payload) => {
        side.sent.push({ kind, payload });
        setTimeout(() => void sides[key === "a" ? "b" : "a"].link.receive(kind, payload), 0);
      },
      onStatus: (s) => side.statuses.push(s),
      onTrack: () => undefined,
      onError: (e) => side.errors.push(e),
    });
    sides[key] = side;
  };
  make("b", existing, newcomer, false);
  make("a", newcomer, existing, true);
  return sides;
}

const matched = (a: Side, b: Side) =>
  a.pc.signalingState === "stable" && b.pc.signalingState === "stable" &&
  a.pc.localDescription?.sdp === b.pc.remoteDescription?.sdp && b.pc.localDescription?.sdp === a.pc.remoteDescription?.sdp;

describe("mesh negotiation rules", () => {
  it("the lower participant id is the polite side, and exactly one side is", () => {
    expect(isPolite("0192-aaaa", "0192-bbbb")).toBe(true);
    expect(isPolite("0192-bbbb", "0192-aaaa")).toBe(false);
    expect(isPolite("0192-AAAA", "0192-bbbb")).toBe(true);
  });

  it("a newcomer offers to everyone already joined, not to people still ringing or to itself", () => {
    const p = (userId: string, state: "joined" | "ringing" | "reconnecting", participantId: string | null) =>
      ({ userId, state, participantId, muted: false, cameraOn: false, sharing: false, serverMuted: false });
    const call = {
      participants: [p("alice", "joined", "pa"), p("me", "joined", "pme"), p("bob", "ringing", null), p("carol", "joined", "pc"), p("dan", "reconnecting", "pd")],
    } as CallDto;
    expect(offerTargets(call, "pme")).toEqual(["pa", "pc"]);
  });

  it("the newcomer offers, the one already in answers with its own tracks on the offered transceivers", async () => {
    const { a, b } = pair("p-new", "p-old");
    await settle();
    expect(a.sent[0]?.kind).toBe("offer");
    expect(b.sent.map((s) => s.kind)).toEqual(["answer"]);
    expect(a.sent.filter((s) => s.kind === "offer")).toHaveLength(1);
    expect(matched(a, b)).toBe(true);
    // Microphone, camera, screen: the answerer sends on the same three, in that order.
    expect(b.pc.transceivers.map((t) => t.direction)).toEqual(["sendrecv", "sendrecv", "sendrecv"]);
    expect(b.pc.transceivers.map((t) => (t.sender.track as { name?: string } | null)?.name ?? null)).toEqual(["p-old-mic", "p-old-cam", null]);
    expect(a.pc.transceivers.map((t) => (t.sender.track as { name?: string } | null)?.name ?? null)).toEqual(["p-new-mic", "p-new-cam", null]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("glare: both offer at once; the polite side rolls back and answers, the impolite ignores, both end agreed", async () => {
    const { a, b } = pair("p-2", "p-1"); // b (p-1) is polite
    await settle();
    expect(matched(a, b)).toBe(true);
    const offersBefore = a.pc.offers + b.pc.offers;
    a.pc.restartIce();
    b.pc.restartIce();
    await settle(60);
    expect(b.pc.rollbacks).toBe(1);
    expect(a.pc.rollbacks).toBe(0);
    expect(a.pc.offers + b.pc.offers).toBeGreaterThan(offersBefore + 1);
    expect(matched(a, b)).toBe(true);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("candidates that arrive before the offer are held, then added after it", async () => {
    const { a, b } = pair("p-new", "p-old");
    await b.link.receive("candidate", JSON.stringify({ candidate: "candidate:1 1 udp 1 127.0.0.1 50000 typ relay", sdpMid: "0" }));
    expect(b.pc.added).toEqual([]);
    await settle();
    expect(b.pc.added).toHaveLength(1);
    // After the exchange, candidates go straight in (and out, as JSON through the hub).
    a.pc.candidate({ candidate: "candidate:2", sdpMid: "1" });
    await settle();
    expect(a.sent.at(-1)).toEqual({ kind: "candidate", payload: JSON.stringify({ candidate: "candidate:2", sdpMid: "1" }) });
    expect(b.pc.added).toHaveLength(2);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it("a failed connection: the side that offered first restarts ICE with a new offer, the other waits for it", async () => {
    const { a, b } = pair("p-new", "p-old");
    await settle();
    b.pc.fail();
    expect(b.pc.restarts).toBe(0);
    expect(b.statuses).toContain("failed");
    a.pc.fail();
    expect(a.pc.restarts).toBe(1);
    await settle();
    expect(a.pc.offers).toBe(2);
    expect(matched(a, b)).toBe(true);
  });

  it("the mesh opens a connection for an offer from someone new and closes those no longer in the call", async () => {
    const made: FakePC[] = [];
    const statuses: [string, PeerStatus][] = [];
    const sent: [string, CallSignalKind][] = [];
    const errors: unknown[] = [];
    const mesh = new Mesh({
      myId: "p-me", iceServers: [{ urls: ["turn:127.0.0.1:3479"], username: "u", credential: "c" }], iceTransportPolicy: "relay",
      send: async (to, kind) => void sent.push([to, kind]),
      tracks: () => tracksOf("p-me"),
      onStatus: (id, s) => statuses.push([id, s]),
      onTrack: () => undefined,
      onError: (e) => errors.push(e),
      createConnection: (config) => {
        expect(config.iceTransportPolicy).toBe("relay");
        expect(config.iceServers?.[0]).toMatchObject({ urls: ["turn:127.0.0.1:3479"], username: "u", credential: "c" });
        const pc = new FakePC();
        made.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
    });
    mesh.offerTo(["p-a"]);
    await mesh.receive("p-b", "offer", "offer from b m=3");
    await settle();
    expect(mesh.participantIds.sort()).toEqual(["p-a", "p-b"]);
    expect(sent).toContainEqual(["p-a", "offer"]);
    expect(sent).toContainEqual(["p-b", "answer"]);
    expect(sent.filter(([to, k]) => to === "p-b" && k === "offer")).toEqual([]);
    mesh.keepOnly(["p-b"]);
    expect(mesh.participantIds).toEqual(["p-b"]);
    expect(made[0]?.signalingState).toBe("closed");
    expect(statuses).toContainEqual(["p-a", "closed"]);
    mesh.close();
    expect(made[1]?.signalingState).toBe("closed");
    expect(errors).toEqual([]);
  });
});
