import { describe, expect, it } from "vitest";
import type { SfuDescription, SfuStreamDto, SfuTarget } from "../../api/types";
import type { PeerStatus } from "./callState";
import type { LocalTracks, Slot } from "./negotiation";
import { Sfu } from "./sfu";

/** Lets queued tasks and promise chains run (the fake connection uses macrotasks). */
async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

const track = (kind: string, id: string) => ({ kind, id }) as unknown as MediaStreamTrack;

class FakeTransceiver {
  mid: string | null = null;
  stopped = false;
  readonly sender: { track: unknown; replaceTrack: (t: unknown) => Promise<void> };
  readonly receiver: { track: MediaStreamTrack };
  constructor(private readonly pc: FakePC, readonly kind: string, track: unknown, public direction: string, mid: string | null = null) {
    const sender = { track, replaceTrack: async (t: unknown) => void (sender.track = t) };
    this.sender = sender;
    this.mid = mid;
    this.receiver = { track: { kind, id: `recv-${mid}` } as unknown as MediaStreamTrack };
  }
  stop() {
    this.stopped = true;
    this.pc.needNegotiation();
  }
}

/**
 * Enough of RTCPeerConnection for both of the client's connections to the media server: mids given when an offer is
 * made (publisher) or read from the remote offer (subscriber: "mids=0:audio,1:video"), negotiationneeded in stable.
 */
class FakePC {
  signalingState = "stable";
  connectionState = "new";
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  transceivers: FakeTransceiver[] = [];
  offers: string[] = [];
  iceRestart = false;
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((e: unknown) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  private nextMid = 0;
  private queued = false;

  constructor(readonly config: RTCConfiguration) {}

  addTransceiver(trackOrKind: string | { kind: string }, init: { direction: string }) {
    const t = typeof trackOrKind === "string"
      ? new FakeTransceiver(this, trackOrKind, null, init.direction)
      : new FakeTransceiver(this, trackOrKind.kind, trackOrKind, init.direction);
    this.transceivers.push(t);
    this.needNegotiation();
    return t;
  }
  getTransceivers() {
    return this.transceivers;
  }
  needNegotiation() {
    if (this.queued) return;
    this.queued = true;
    setTimeout(() => {
      this.queued = false;
      if (this.signalingState === "stable" && !this.closed) this.onnegotiationneeded?.();
    }, 0);
  }
  restartIce() {
    this.iceRestart = true;
    this.needNegotiation();
  }
  async setLocalDescription(d?: { type: string }) {
    await settle(1);
    if (d?.type === "rollback") {
      this.signalingState = "stable";
      this.localDescription = null;
      return;
    }
    if (this.signalingState === "have-remote-offer") {
      this.localDescription = { type: "answer", sdp: `answer to ${this.remoteDescription?.sdp}` };
      this.signalingState = "stable";
      return;
    }
    for (const t of this.transceivers) if (t.mid === null && !t.stopped) t.mid = String(this.nextMid++);
    const mids = this.transceivers.filter((t) => !t.stopped).map((t) => t.mid).join(",");
    const sdp = `offer ${this.offers.length + 1} mids=${mids}${this.iceRestart ? " ice-restart" : ""}`;
    this.iceRestart = false;
    this.offers.push(sdp);
    this.localDescription = { type: "offer", sdp };
    this.signalingState = "have-local-offer";
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    await settle(1);
    if (d.sdp.includes("unreadable")) throw new DOMException("Failed to set remote offer sdp", "OperationError");
    this.remoteDescription = d;
    if (d.type === "offer") {
      for (const m of /mids=(\S*)/.exec(d.sdp)?.[1]?.split(",").filter(Boolean) ?? []) {
        const [mid, kind] = m.split(":") as [string, string];
        if (!this.transceivers.some((t) => t.mid === mid)) this.transceivers.push(new FakeTransceiver(this, kind, null, "recvonly", mid));
      }
      this.signalingState = "have-remote-offer";
    } else {
      if (this.signalingState !== "have-local-offer") throw new DOMException("answer in " + this.signalingState, "InvalidStateError");
      this.transceivers = this.transceivers.filter((t) => !t.stopped);
      this.signalingState = "stable";
      this.needNegotiationIfChanged();
    }
  }
  close() {
    this.closed = true;
    this.signalingState = "closed";
  }
  setState(s: PeerStatus) {
    this.connectionState = s;
    this.onconnectionstatechange?.();
  }
  candidate(c: object | null) {
    this.onicecandidate?.({ candidate: c ? { toJSON: () => c } : null });
  }
  /** Changes made while an offer was out (a transceiver added without a mid) need another round. */
  private needNegotiationIfChanged() {
    if (this.transceivers.some((t) => t.mid === null)) this.needNegotiation();
  }
}

type HubCall =
  | ["publish", string, SfuDescription[]]
  | ["answer", string]
  | ["candidate", SfuTarget, string | null]
  | ["restart"];

/** An Sfu wired to fake connections and a fake hub whose SfuPublish the test answers (or the fake does at once). */
function setUp(tracks: Partial<LocalTracks> = {}) {
  const made: FakePC[] = [];
  const calls: HubCall[] = [];
  const pendingPublishes: ((result: { sdp: string } | Error) => void)[] = [];
  const got: [string, string, Slot, string][] = [];
  const statuses: PeerStatus[] = [];
  const errors: unknown[] = [];
  const stuck: unknown[] = [];
  let autoAnswer = true;
  const sfu = new Sfu({
    myId: "p-me",
    iceServers: [{ urls: ["turn:127.0.0.1:3479"], username: "u", credential: "c" }],
    iceTransportPolicy: "relay",
    hub: {
      publish: (sdp, descriptions) => {
        calls.push(["publish", sdp, descriptions]);
        if (autoAnswer) return Promise.resolve({ sdp: `janus answer to ${sdp}` });
        return new Promise((ok, fail) => pendingPublishes.push((r) => (r instanceof Error ? fail(r) : ok(r))));
      },
      answer: async (sdp) => void calls.push(["answer", sdp]),
      candidate: async (target, c) => void calls.push(["candidate", target, c]),
      restart: async () => void calls.push(["restart"]),
    },
    tracks: () => ({ audio: null, camera: null, screen: null, ...tracks }),
    onStatus: (id, s) => {
      expect(id).toBe("p-me");
      statuses.push(s);
    },
    onTrack: (id, slot, t) => got.push(["+", id, slot, t.id]),
    onTrackGone: (id, slot, t) => got.push(["-", id, slot, t.id]),
    onError: (e) => errors.push(e),
    onStuck: (e) => stuck.push(e),
    createConnection: (config) => {
      const pc = new FakePC(config);
      made.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
  });
  return {
    sfu, made, calls, got, statuses, errors, stuck, pendingPublishes,
    manualAnswers() { autoAnswer = false; },
    get publisher() { return made[0]!; },
    get subscriber() { return made[1]!; },
    publishes: () => calls.filter((c): c is ["publish", string, SfuDescription[]] => c[0] === "publish"),
  };
}

const stream = (mid: string, participantId: string, kind: "audio" | "video", description: string | null, active = true): SfuStreamDto =>
  ({ mid, participantId, userId: `u-${participantId}`, kind, description, active });

describe("sfu connections", () => {
  it("publishes the microphone and camera once with their descriptions; candidates gathered meanwhile follow the offer", async () => {
    const s = setUp({ audio: track("audio", "mic"), camera: track("video", "cam") });
    s.manualAnswers();
    await settle();
    expect(s.publisher.config).toMatchObject({ iceTransportPolicy: "relay", iceServers: [{ urls: ["turn:127.0.0.1:3479"], username: "u", credential: "c" }] });
    expect(s.publisher.transceivers.map((t) => t.direction)).toEqual(["sendonly", "sendonly"]);
    expect(s.publishes()).toEqual([["publish", "offer 1 mids=0,1", [{ mid: "0", description: "microphone" }, { mid: "1", description: "camera" }]]]);

    // Gathered while SfuPublish is out: held, so the server trickles them after the offer it got first.
    s.publisher.candidate({ candidate: "candidate:1 1 udp 1 127.0.0.1 50000 typ relay", sdpMid: "0" });
    s.publisher.candidate(null);
    await settle();
    expect(s.calls.filter((c) => c[0] === "candidate")).toEqual([]);
    s.pendingPublishes[0]!({ sdp: "janus answer" });
    await settle();
    expect(s.publisher.remoteDescription).toEqual({ type: "answer", sdp: "janus answer" });
    expect(s.calls.slice(1)).toEqual([
      ["candidate", "publisher", JSON.stringify({ candidate: "candidate:1 1 udp 1 127.0.0.1 50000 typ relay", sdpMid: "0" })],
      ["candidate", "publisher", null],
    ]);
    // After that, candidates go straight out.
    s.publisher.candidate({ candidate: "candidate:2", sdpMid: "0" });
    expect(s.calls.at(-1)).toEqual(["candidate", "publisher", JSON.stringify({ candidate: "candidate:2", sdpMid: "0" })]);
    expect(s.errors).toEqual([]);
  });

  it("a voice call sends the microphone's transceiver even without a microphone, so a later one only swaps the track", async () => {
    const s = setUp();
    await settle();
    expect(s.publishes().map((p) => p[2])).toEqual([[{ mid: "0", description: "microphone" }]]);
    await s.sfu.setTrack("audio", track("audio", "mic-2"));
    await settle();
    expect(s.publishes()).toHaveLength(1);
    expect((s.publisher.transceivers[0]!.sender.track as MediaStreamTrack).id).toBe("mic-2");
  });

  it("sharing the screen adds a transceiver and renegotiates; camera off only swaps the track; stopping the share renegotiates", async () => {
    const s = setUp({ audio: track("audio", "mic"), camera: track("video", "cam") });
    await settle();
    expect(s.publishes()).toHaveLength(1);

    await s.sfu.setTrack("screen", track("video", "screen"));
    await settle();
    expect(s.publishes()).toHaveLength(2);
    expect(s.publishes()[1]![2]).toEqual([
      { mid: "0", description: "microphone" }, { mid: "1", description: "camera" }, { mid: "2", description: "screen" },
    ]);

    await s.sfu.setTrack("camera", null);
    await settle();
    expect(s.publishes()).toHaveLength(2);
    expect(s.publisher.transceivers[1]!.sender.track).toBeNull();

    await s.sfu.setTrack("screen", null);
    await settle();
    expect(s.publishes()).toHaveLength(3);
    expect(s.publishes()[2]![2]).toEqual([{ mid: "0", description: "microphone" }, { mid: "1", description: "camera" }]);
    expect(s.publisher.signalingState).toBe("stable");
    expect(s.errors).toEqual([]);
  });

  it("a change while a publish is out makes exactly one more publish after it", async () => {
    const s = setUp({ audio: track("audio", "mic") });
    s.manualAnswers();
    await settle();
    await s.sfu.setTrack("camera", track("video", "cam"));
    await s.sfu.setTrack("screen", track("video", "screen"));
    await settle();
    expect(s.publishes()).toHaveLength(1);
    s.pendingPublishes[0]!({ sdp: "answer 1" });
    await settle();
    expect(s.publishes()).toHaveLength(2);
    expect(s.publishes()[1]![2].map((d) => d.description)).toEqual(["microphone", "camera", "screen"]);
    s.pendingPublishes[1]!({ sdp: "answer 2" });
    await settle();
    expect(s.publishes()).toHaveLength(2);
    expect(s.errors).toEqual([]);
  });

  it("a refused publish (the media server is down) is reported and rolled back, so a later change offers again", async () => {
    const s = setUp({ audio: track("audio", "mic") });
    s.manualAnswers();
    await settle();
    s.pendingPublishes[0]!(new Error("media_server_unavailable: The media server didn't answer; try again."));
    await settle();
    expect(s.errors).toHaveLength(1);
    expect(s.publisher.signalingState).toBe("stable");
    await s.sfu.setTrack("screen", track("video", "screen"));
    await settle();
    expect(s.publishes()).toHaveLength(2);
  });

  it("answers the server's offers in order and hands each mid's track to its participant; a gone feed is taken away", async () => {
    const s = setUp({ audio: track("audio", "mic") });
    await settle();
    void s.sfu.receiveOffer("janus offer 1 mids=0:audio,1:video", [stream("0", "pa", "audio", "microphone"), stream("1", "pa", "video", "camera")]);
    // The second comes before the first was answered: it waits its turn.
    const second = s.sfu.receiveOffer("janus offer 2 mids=0:audio,1:video,2:audio",
      [stream("0", "pa", "audio", "microphone", false), stream("1", "pa", "video", "camera", false), stream("2", "pb", "audio", null)]);
    await second;
    expect(s.made).toHaveLength(2);
    expect(s.subscriber.config.iceTransportPolicy).toBe("relay");
    expect(s.calls.filter((c) => c[0] === "answer")).toEqual([
      ["answer", "answer to janus offer 1 mids=0:audio,1:video"],
      ["answer", "answer to janus offer 2 mids=0:audio,1:video,2:audio"],
    ]);
    expect(s.got).toEqual([
      ["+", "pa", "audio", "recv-0"], ["+", "pa", "camera", "recv-1"],
      ["-", "pa", "audio", "recv-0"], ["-", "pa", "camera", "recv-1"], ["+", "pb", "audio", "recv-2"],
    ]);

    // Janus gives pa's old mid 0 to pc: the same track now carries pc's voice.
    await s.sfu.receiveOffer("janus offer 3", [stream("0", "pc", "audio", "microphone"), stream("1", "pa", "video", "camera", false), stream("2", "pb", "audio", null)]);
    expect(s.got.at(-1)).toEqual(["+", "pc", "audio", "recv-0"]);

    // Subscriber candidates: after the answer, tagged with their connection.
    s.subscriber.candidate({ candidate: "candidate:9", sdpMid: "0" });
    expect(s.calls.at(-1)).toEqual(["candidate", "subscriber", JSON.stringify({ candidate: "candidate:9", sdpMid: "0" })]);
    // The subscriber's stats name the speaker by mid.
    const sources = s.sfu.statsSources();
    expect(sources.map((x) => x.participantOf("2"))).toEqual([undefined, "pb"]);
    expect(sources[1]!.participantOf("1")).toBeUndefined(); // pa's camera, gone
    expect(s.errors).toEqual([]);
  });

  it("an offer it can't answer leaves the subscription stuck (Janus waits for that answer): it says so, once", async () => {
    const s = setUp({ audio: track("audio", "mic") });
    await settle();
    await s.sfu.receiveOffer("janus offer mids=0:audio", [stream("0", "pa", "audio", "microphone")]);
    expect(s.stuck).toEqual([]);
    await s.sfu.receiveOffer("unreadable janus offer", [stream("0", "pa", "audio", "microphone")]);
    expect(s.stuck).toHaveLength(1);
    expect(s.calls.filter((c) => c[0] === "answer")).toHaveLength(1);
    s.sfu.close();
    await s.sfu.receiveOffer("unreadable janus offer", []);
    expect(s.stuck).toHaveLength(1);
  });

  it("ICE failed: the publisher offers again with an ICE restart, the subscriber asks the server; the status is the worse", async () => {
    const s = setUp({ audio: track("audio", "mic") });
    await settle();
    await s.sfu.receiveOffer("janus offer mids=0:audio", [stream("0", "pa", "audio", "microphone")]);
    s.publisher.setState("connected");
    s.subscriber.setState("connected");
    expect(s.statuses.at(-1)).toBe("connected");

    s.publisher.setState("failed");
    expect(s.statuses.at(-1)).toBe("failed");
    await settle();
    expect(s.publishes().at(-1)![1]).toContain("ice-restart");
    s.publisher.setState("connected");

    s.subscriber.setState("failed");
    expect(s.calls.at(-1)).toEqual(["restart"]);
    await s.sfu.receiveOffer("janus restart offer mids=0:audio", [stream("0", "pa", "audio", "microphone")]);
    s.subscriber.setState("connected");
    expect(s.statuses.slice(-2)).toEqual(["failed", "connected"]);

    s.sfu.close();
    expect(s.made.every((pc) => pc.closed)).toBe(true);
    expect(s.statuses.at(-1)).toBe("closed");
    expect(s.errors).toEqual([]);
  });
});
