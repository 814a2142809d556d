import type { CallSignalKind, Guid, IceServerDto } from "../../api/types";
import type { PeerStatus } from "./callState";
import { isPolite, PeerLink, type LocalTracks, type Slot, type StatsSource } from "./negotiation";

export interface MeshOptions {
  myId: Guid;
  iceServers: IceServerDto[];
  /** "relay" keeps every packet on the TURN server (settable for tests and strict networks: see iceSettings.ts). */
  iceTransportPolicy: RTCIceTransportPolicy;
  send: (to: Guid, kind: CallSignalKind, payload: string) => Promise<void>;
  tracks: () => LocalTracks;
  onStatus: (participantId: Guid, status: PeerStatus) => void;
  onTrack: (participantId: Guid, slot: Slot, track: MediaStreamTrack) => void;
  onError: (e: unknown) => void;
  /** Makes the connection (a fake in unit tests). */
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

/** The mesh: one RTCPeerConnection per remote participant of the call, keyed by their participant id. */
export class Mesh {
  private readonly links = new Map<Guid, PeerLink>();

  constructor(private readonly o: MeshOptions) {}

  /** Offers to these participants (the ones already in the call when I joined). */
  offerTo(participantIds: Guid[]): void {
    for (const id of participantIds) if (!this.links.has(id)) this.open(id, true);
  }

  /** A signal from a participant; an offer from someone new (who joined after me) opens their connection. */
  receive(from: Guid, kind: CallSignalKind, payload: string): Promise<void> {
    const link = this.links.get(from) ?? this.open(from, false);
    return link.receive(kind, payload);
  }

  /** Closes the connections of participants no longer in the call (left, or rejoined with a new id). */
  keepOnly(participantIds: Iterable<Guid>): void {
    const keep = new Set(participantIds);
    for (const [id, link] of this.links) {
      if (!keep.has(id)) {
        this.links.delete(id);
        link.close();
      }
    }
  }

  setTrack(slot: Slot, track: MediaStreamTrack | null): Promise<void> {
    return Promise.all([...this.links.values()].map((l) => l.setTrack(slot, track))).then(() => undefined);
  }

  connection(participantId: Guid): RTCPeerConnection | undefined {
    return this.links.get(participantId)?.connection;
  }

  /** Each connection carries one participant's media. */
  statsSources(): StatsSource[] {
    return [...this.links.values()].map((l) => ({ pc: l.connection, participantOf: () => l.remoteId }));
  }

  get participantIds(): Guid[] {
    return [...this.links.keys()];
  }

  close(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }

  private open(remoteId: Guid, initiator: boolean): PeerLink {
    const config: RTCConfiguration = {
      iceServers: this.o.iceServers.map((s) => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
      iceTransportPolicy: this.o.iceTransportPolicy,
    };
    const pc = this.o.createConnection ? this.o.createConnection(config) : new RTCPeerConnection(config);
    const link = new PeerLink({
      remoteId, initiator, pc, polite: isPolite(this.o.myId, remoteId),
      send: (kind, payload) => this.o.send(remoteId, kind, payload),
      tracks: this.o.tracks,
      onStatus: (s) => this.o.onStatus(remoteId, s),
      onTrack: (slot, track) => this.o.onTrack(remoteId, slot, track),
      onError: this.o.onError,
    });
    this.links.set(remoteId, link);
    return link;
  }
}
