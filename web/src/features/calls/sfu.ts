import type { Guid, IceServerDto, SfuDescription, SfuStreamDto, SfuTarget } from "../../api/types";
import type { PeerStatus } from "./callState";
import type { LocalTracks, Slot, StatsSource } from "./negotiation";
import { Renegotiation } from "./renegotiation";
import { combinedStatus, deliveriesOf, diffDeliveries, publishDescriptions, type Delivery } from "./sfuStreams";

/** The hub methods of an sfu call (ChatHub Sfu*), bound to the call. */
export interface SfuHub {
  publish: (sdp: string, descriptions: SfuDescription[]) => Promise<{ sdp: string }>;
  answer: (sdp: string) => Promise<void>;
  candidate: (target: SfuTarget, candidate: string | null) => Promise<void>;
  restart: () => Promise<void>;
}

export interface SfuOptions {
  /** My participant id: the call state keeps my connections' status under it. */
  myId: Guid;
  iceServers: IceServerDto[];
  iceTransportPolicy: RTCIceTransportPolicy;
  hub: SfuHub;
  tracks: () => LocalTracks;
  onStatus: (participantId: Guid, status: PeerStatus) => void;
  onTrack: (participantId: Guid, slot: Slot, track: MediaStreamTrack) => void;
  /** A track no longer carries that participant's slot (they left, or the mid went to another feed). */
  onTrackGone: (participantId: Guid, slot: Slot, track: MediaStreamTrack) => void;
  onError: (e: unknown) => void;
  /**
   * An offer couldn't be answered: Janus holds every later offer until that answer comes, so my subscriber would
   * never change again. Only a fresh session (JoinCall again) gets out of it.
   */
  onStuck: (e: unknown) => void;
  /** Makes the connection (a fake in unit tests). */
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

/**
 * A call through the media server (Janus, proxied by the hub): a publisher connection sending my microphone, camera and
 * screen, and a subscriber connection receiving everyone else's, whose offers the server makes (SfuOffer).
 * Mute, camera off and device switches replace a sender's track; adding the camera or screen, stopping the screen and
 * ICE restarts renegotiate the publisher through SfuPublish.
 */
export class Sfu {
  private readonly publisher: RTCPeerConnection;
  private subscriber: RTCPeerConnection | null = null;
  private readonly sending = new Map<Slot, RTCRtpTransceiver>();
  private readonly publishing: Renegotiation;
  private offers: Promise<void> = Promise.resolve();
  private streams = new Map<string, SfuStreamDto>();
  private delivered = new Map<string, Delivery>();
  /** Candidates wait while their connection's description is on its way, so the server gets them after it. */
  private readonly held: Record<SfuTarget, { holding: boolean; queue: (string | null)[] }> = {
    publisher: { holding: true, queue: [] },
    subscriber: { holding: true, queue: [] },
  };
  private status: PeerStatus | null = null;
  private closed = false;

  constructor(private readonly o: SfuOptions) {
    this.publisher = this.open("publisher");
    this.publishing = new Renegotiation(() => this.publish(), this.fail);
    this.publisher.onnegotiationneeded = () => void this.publishing.request();
    const tracks = o.tracks();
    // The microphone's transceiver always (a later mic switch or unmute only replaces its track); the camera if on.
    this.add("audio", tracks.audio ?? "audio");
    if (tracks.camera) this.add("camera", tracks.camera);
    if (tracks.screen) this.add("screen", tracks.screen);
  }

  /** An offer for my subscriber connection: answered in arrival order (SfuAnswer). */
  receiveOffer(sdp: string, streams: SfuStreamDto[]): Promise<void> {
    this.offers = this.offers.then(() => this.answer(sdp, streams)).catch((e) => {
      if (!this.closed) this.o.onStuck(e);
    });
    return this.offers;
  }

  /**
   * Sends a track (or nothing) in a slot. The microphone and a camera already sent only swap the track; a camera or
   * screen not sent yet adds a transceiver, and stopping the screen stops its transceiver (both renegotiate).
   */
  async setTrack(slot: Slot, track: MediaStreamTrack | null): Promise<void> {
    if (this.closed) return;
    const t = this.sending.get(slot);
    if (!t) {
      if (track) this.add(slot, track);
      return;
    }
    if (slot === "screen" && !track) {
      this.sending.delete(slot);
      t.stop();
      return;
    }
    await t.sender.replaceTrack(track);
  }

  /** The subscriber's inbound audio names its speaker by mid (active streams only); the publisher gives my own level. */
  statsSources(): StatsSource[] {
    const out: StatsSource[] = [{ pc: this.publisher, participantOf: () => undefined }];
    if (this.subscriber) out.push({ pc: this.subscriber, participantOf: (mid) => (mid === undefined ? undefined : this.delivered.get(mid)?.participantId) });
    return out;
  }

  /** Resolves when the publisher has no negotiation running or owed (for tests). */
  settled(): Promise<void> {
    return this.publishing.idle();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.publishing.stop();
    for (const pc of [this.publisher, this.subscriber]) {
      if (!pc) continue;
      pc.onnegotiationneeded = pc.onicecandidate = pc.onconnectionstatechange = null;
      pc.close();
    }
    if (this.status !== null) this.o.onStatus(this.o.myId, "closed");
  }

  /** Errors of a closed call's connections (a refusal that comes back after leaving) are nobody's concern. */
  private readonly fail = (e: unknown): void => {
    if (!this.closed) this.o.onError(e);
  };

  private add(slot: Slot, trackOrKind: MediaStreamTrack | "audio" | "video"): void {
    this.sending.set(slot, this.publisher.addTransceiver(trackOrKind, { direction: "sendonly" }));
  }

  /** The publisher's offer (first, or with a changed transceiver or an ICE restart) → Janus's answer. */
  private async publish(): Promise<void> {
    if (this.closed) return;
    const pc = this.publisher;
    this.held.publisher.holding = true;
    try {
      await pc.setLocalDescription();
      const offer = pc.localDescription;
      if (!offer || this.closed) return;
      const { sdp } = await this.o.hub.publish(offer.sdp, publishDescriptions(this.sending));
      if (this.closed) return;
      await pc.setRemoteDescription({ type: "answer", sdp });
    } catch (e) {
      // Back to stable, so the next change or restart can offer again.
      if (!this.closed && pc.signalingState === "have-local-offer") await pc.setLocalDescription({ type: "rollback" }).catch(() => undefined);
      throw e;
    } finally {
      this.release("publisher");
    }
  }

  private async answer(sdp: string, streams: SfuStreamDto[]): Promise<void> {
    if (this.closed) return;
    const pc = (this.subscriber ??= this.open("subscriber"));
    this.held.subscriber.holding = true;
    try {
      this.streams = new Map(streams.map((s) => [s.mid, s]));
      await pc.setRemoteDescription({ type: "offer", sdp });
      this.deliver(pc);
      await pc.setLocalDescription();
      const answer = pc.localDescription;
      if (answer && !this.closed) await this.o.hub.answer(answer.sdp);
    } finally {
      this.release("subscriber");
    }
  }

  /** Hands the tiles what each mid now carries (after the offer's remote description made the receivers). */
  private deliver(pc: RTCPeerConnection): void {
    const now = deliveriesOf(this.streams, pc.getTransceivers().map((t) => ({ mid: t.mid, track: t.receiver.track })));
    const { added, removed } = diffDeliveries(this.delivered, now);
    this.delivered = now;
    for (const d of removed) this.o.onTrackGone(d.participantId, d.slot, d.track);
    for (const d of added) this.o.onTrack(d.participantId, d.slot, d.track);
  }

  private open(target: SfuTarget): RTCPeerConnection {
    const config: RTCConfiguration = {
      iceServers: this.o.iceServers.map((s) => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
      iceTransportPolicy: this.o.iceTransportPolicy,
    };
    const pc = this.o.createConnection ? this.o.createConnection(config) : new RTCPeerConnection(config);
    pc.onicecandidate = (e) => {
      if (!this.closed) this.sendCandidate(target, e.candidate ? JSON.stringify(e.candidate.toJSON?.() ?? e.candidate) : null);
    };
    pc.onconnectionstatechange = () => this.stateChanged(target, pc);
    return pc;
  }

  private sendCandidate(target: SfuTarget, candidate: string | null): void {
    const h = this.held[target];
    if (h.holding) h.queue.push(candidate);
    else void this.o.hub.candidate(target, candidate).catch(this.fail);
  }

  private release(target: SfuTarget): void {
    const h = this.held[target];
    h.holding = false;
    for (const c of h.queue.splice(0)) this.sendCandidate(target, c);
  }

  private stateChanged(target: SfuTarget, pc: RTCPeerConnection): void {
    if (this.closed) return;
    const status = combinedStatus(this.publisher.connectionState as PeerStatus, (this.subscriber?.connectionState as PeerStatus | undefined) ?? null);
    if (status !== this.status) {
      this.status = status;
      this.o.onStatus(this.o.myId, status);
    }
    if (pc.connectionState !== "failed") return;
    // ICE restarts: my publisher offers again with fresh credentials; the server asks Janus to re-offer my subscriber.
    if (target === "publisher") pc.restartIce();
    else void this.o.hub.restart().catch(this.fail);
  }
}
