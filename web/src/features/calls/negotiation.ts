import type { CallDto, CallSignalKind, Guid } from "../../api/types";
import type { PeerStatus } from "./callState";

/**
 * Each peer connection carries three transceivers in this order, made by the side that offers first: the microphone,
 * the camera and the screen. Mute, camera off, a device switch or a screen share only replace a sender's track
 * (replaceTrack), so they never renegotiate; only ICE restarts do.
 */
export const SLOTS = ["audio", "camera", "screen"] as const;
export type Slot = (typeof SLOTS)[number];
const KIND: Record<Slot, "audio" | "video"> = { audio: "audio", camera: "video", screen: "video" };

export type LocalTracks = Record<Slot, MediaStreamTrack | null>;

/** A connection whose stats give the speaking levels: whose audio each inbound stream (by mid) carries. */
export interface StatsSource {
  pc: RTCPeerConnection;
  participantOf: (mid: string | undefined) => Guid | undefined;
}

/** Perfect negotiation: on glare the polite side rolls back its own offer. The lower participant id is polite. */
export function isPolite(mine: Guid, theirs: Guid): boolean {
  return mine.toLowerCase() < theirs.toLowerCase();
}

/** Whom I offer to when I join: everyone already joined (they answer; later joiners offer to me). */
export function offerTargets(call: CallDto, myParticipantId: Guid): Guid[] {
  return call.participants
    .filter((p) => p.state === "joined" && p.participantId && p.participantId !== myParticipantId)
    .map((p) => p.participantId!);
}

export interface PeerLinkOptions {
  remoteId: Guid;
  polite: boolean;
  /** I made the first offer: I also restart ICE when the connection fails. */
  initiator: boolean;
  pc: RTCPeerConnection;
  send: (kind: CallSignalKind, payload: string) => Promise<void> | void;
  tracks: () => LocalTracks;
  onStatus: (status: PeerStatus) => void;
  onTrack: (slot: Slot, track: MediaStreamTrack) => void;
  onError: (e: unknown) => void;
}

/** One remote participant's peer connection, negotiated over the hub's SignalCall. */
export class PeerLink {
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private attached = false;
  private closed = false;
  private readonly pending: RTCIceCandidateInit[] = [];
  /** Signals are handled one at a time in arrival order (a candidate waits for the offer before it). */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: PeerLinkOptions) {
    const pc = o.pc;
    pc.onnegotiationneeded = () => void this.offer();
    pc.onicecandidate = (e) => {
      if (e.candidate && !this.closed) void this.sendSafely("candidate", JSON.stringify(e.candidate.toJSON?.() ?? e.candidate));
    };
    pc.onconnectionstatechange = () => this.stateChanged();
    pc.ontrack = (e) => {
      const slot = SLOTS[pc.getTransceivers().indexOf(e.transceiver)];
      if (slot) o.onTrack(slot, e.track);
    };
    if (o.initiator) {
      const tracks = o.tracks();
      for (const slot of SLOTS) pc.addTransceiver(tracks[slot] ?? KIND[slot], { direction: "sendrecv" });
      this.attached = true;
    }
  }

  get remoteId(): Guid {
    return this.o.remoteId;
  }

  get connection(): RTCPeerConnection {
    return this.o.pc;
  }

  /** An offer, answer or candidate from the remote participant. */
  receive(kind: CallSignalKind, payload: string): Promise<void> {
    this.queue = this.queue.then(() => this.handle(kind, payload)).catch((e) => this.o.onError(e));
    return this.queue;
  }

  /** Sends a track (or nothing) in a slot, on this connection, without renegotiating. */
  async setTrack(slot: Slot, track: MediaStreamTrack | null): Promise<void> {
    const t = this.o.pc.getTransceivers()[SLOTS.indexOf(slot)];
    if (t && !this.closed) await t.sender.replaceTrack(track);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pc = this.o.pc;
    pc.onnegotiationneeded = pc.onicecandidate = pc.onconnectionstatechange = pc.ontrack = null;
    pc.close();
    this.o.onStatus("closed");
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    const pc = this.o.pc;
    try {
      this.makingOffer = true;
      await pc.setLocalDescription();
      const d = pc.localDescription;
      if (d && !this.closed) await this.o.send(d.type as CallSignalKind, d.sdp);
    } catch (e) {
      this.o.onError(e);
    } finally {
      this.makingOffer = false;
    }
  }

  private async handle(kind: CallSignalKind, payload: string): Promise<void> {
    if (this.closed) return;
    const pc = this.o.pc;
    if (kind === "candidate") {
      const candidate = JSON.parse(payload) as RTCIceCandidateInit;
      if (!pc.remoteDescription) return void this.pending.push(candidate);
      try {
        await pc.addIceCandidate(candidate);
      } catch (e) {
        if (!this.ignoreOffer) throw e;
      }
      return;
    }
    const readyForOffer = !this.makingOffer && (pc.signalingState === "stable" || this.settingRemoteAnswer);
    const collision = kind === "offer" && !readyForOffer;
    this.ignoreOffer = !this.o.polite && collision;
    if (this.ignoreOffer) return;
    this.settingRemoteAnswer = kind === "answer";
    try {
      await pc.setRemoteDescription({ type: kind, sdp: payload }); // a polite peer's own offer rolls back here
    } finally {
      this.settingRemoteAnswer = false;
    }
    if (kind === "offer") {
      if (!this.attached) await this.attachLocal();
      await pc.setLocalDescription();
      const d = pc.localDescription;
      if (d) await this.o.send("answer", d.sdp);
    }
    for (const c of this.pending.splice(0)) await pc.addIceCandidate(c).catch(() => undefined);
  }

  /** The answering side sends its tracks on the transceivers the offer made. */
  private async attachLocal(): Promise<void> {
    this.attached = true;
    const tracks = this.o.tracks();
    const list = this.o.pc.getTransceivers();
    await Promise.all(SLOTS.map(async (slot, i) => {
      const t = list[i];
      if (!t) return;
      t.direction = "sendrecv";
      await t.sender.replaceTrack(tracks[slot]);
    }));
  }

  private stateChanged(): void {
    const status = this.o.pc.connectionState as PeerStatus;
    this.o.onStatus(status);
    // The side that offered first restarts ICE (a new offer with fresh credentials); the other waits for it.
    if (status === "failed" && this.o.initiator && !this.closed) this.o.pc.restartIce();
  }

  private async sendSafely(kind: CallSignalKind, payload: string): Promise<void> {
    try {
      await this.o.send(kind, payload);
    } catch (e) {
      this.o.onError(e);
    }
  }
}
