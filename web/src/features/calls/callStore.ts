import { errorCode, errorText } from "../../api/client";
import type {
  CallDto, CallEndedEvent, CallLeftHereEvent, CallMuteRequestedEvent, CallRingingStoppedEvent, CallSignalEvent, Guid, SfuOfferEvent,
} from "../../api/types";
import { Store } from "../../lib/store";
import { HubEvents } from "../../realtime/events";
import type { ChatStore } from "../chat/chatStore";
import { navigateToRoom } from "../chat/route";
import { callReducer, endedText, initialCallsState, mine, type CallAction, type CallsState } from "./callState";
import { iceTransportPolicy } from "./iceSettings";
import { LocalMedia } from "./localMedia";
import { Mesh } from "./mesh";
import { offerTargets, type Slot, type StatsSource } from "./negotiation";
import { ringTone } from "./ringTone";
import { Sfu } from "./sfu";

export interface RemoteMedia {
  audio: MediaStream;
  camera: MediaStream;
  screen: MediaStream;
}

export interface DeviceChoice {
  mic: string | null;
  camera: string | null;
  speaker: string | null;
}

export interface CallStoreState {
  calls: CallsState;
  /** Bumped when a remote track arrives (the tiles read remoteMedia()). */
  streams: number;
  /** User ids speaking now (audio level), me included. */
  speaking: Record<Guid, boolean>;
  devices: MediaDeviceInfo[];
  chosen: DeviceChoice;
}

const SPEAKING_LEVEL = 0.02;
const STATS_MS = 1000;
/** Offers the media server sends before JoinCall has answered (it subscribes me at once): kept for the join. */
const EARLY_OFFERS = 16;
/** Joins again after the media server lost my session, at most this often before my connections come up once. */
const SFU_RECOVERIES = 3;

/** What the call store needs of the connections carrying a call, mesh or media server alike. */
interface CallConnections {
  setTrack(slot: Slot, track: MediaStreamTrack | null): Promise<void>;
  statsSources(): StatsSource[];
  close(): void;
}

/**
 * Calls for this session (issue 19): the call state (callState.ts) fed by hub events and my actions, my microphone,
 * camera and screen (localMedia.ts), and while I'm in a call its connections: the mesh of peer connections (mesh.ts),
 * or in an "sfu" call my two connections to the media server (sfu.ts).
 */
export class CallStore extends Store<CallStoreState> {
  private readonly offs: (() => void)[] = [];
  private readonly media = new LocalMedia();
  private readonly remote = new Map<Guid, RemoteMedia>();
  private mesh: Mesh | null = null;
  private sfu: Sfu | null = null;
  /** A StartCall/JoinCall is on its way: SfuOffers that overtake its answer wait in earlyOffers for connect(). */
  private awaitingJoin = false;
  private earlyOffers: SfuOfferEvent[] = [];
  private sfuRecoveries = 0;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private notification: Notification | null = null;
  private lastRoom: Guid | null = null;
  private lastStatus = "";

  constructor(private readonly chat: ChatStore) {
    super({ calls: initialCallsState, streams: 0, speaking: {}, devices: [], chosen: { mic: null, camera: null, speaker: null } });
  }

  private get me(): Guid {
    return this.chat.getState().me.id;
  }

  get calls(): CallsState {
    return this.getState().calls;
  }

  private dispatch(action: CallAction): void {
    const calls = callReducer(this.calls, action);
    if (calls !== this.calls) this.set({ calls });
    this.followRinging();
  }

  start(): void {
    const on = <T,>(event: Parameters<ChatStore["onHub"]>[0], h: (p: T) => void) => this.chat.onHub<T>(event, h);
    this.offs.push(
      on<CallDto>(HubEvents.CallRinging, (c) => this.onRinging(c)),
      on<CallRingingStoppedEvent>(HubEvents.CallRingingStopped, (e) => this.dispatch({ type: "ringingStopped", callId: e.callId })),
      on<CallDto>(HubEvents.CallUpdated, (c) => this.onUpdated(c)),
      on<CallEndedEvent>(HubEvents.CallEnded, (e) => this.onEnded(e)),
      on<CallSignalEvent>(HubEvents.CallSignal, (e) => this.onSignal(e)),
      on<SfuOfferEvent>(HubEvents.SfuOffer, (e) => this.onSfuOffer(e)),
      on<CallMuteRequestedEvent>(HubEvents.CallMuteRequested, (e) => this.onMuteRequested(e)),
      on<CallLeftHereEvent>(HubEvents.CallLeftHere, (e) => this.onLeftHere(e)),
      this.chat.onConnected(() => void this.onConnected()),
      this.chat.subscribe(() => this.followChat()),
    );
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.teardown();
    ringTone.stop();
    this.closeNotification();
  }

  // ---- what the chat state says ----

  private followChat(): void {
    const s = this.chat.getState();
    if (s.status !== this.lastStatus) {
      this.lastStatus = s.status;
      this.dispatch({ type: "hub", reconnecting: s.status === "reconnecting" || s.status === "disconnected" });
    }
    if (s.currentRoomId !== this.lastRoom) {
      this.lastRoom = s.currentRoomId;
      if (s.currentRoomId && this.chat.hub.isConnected) void this.loadRoomCall(s.currentRoomId);
    }
  }

  private async loadRoomCall(roomId: Guid): Promise<void> {
    try {
      const call = await this.chat.hub.getActiveCall(roomId);
      this.dispatch({ type: "roomCall", roomId, call });
    } catch {
      // No banner; CallUpdated brings it.
    }
  }

  /** After the first connect and every reconnect: calls ringing me, and my call to rejoin with this connection. */
  private async onConnected(): Promise<void> {
    let mineNow: CallDto[];
    try {
      mineNow = await this.chat.hub.getMyCalls();
    } catch {
      return;
    }
    const active = this.calls.active;
    for (const call of mineNow) {
      const p = mine(call, this.me);
      if (p?.state === "ringing" && call.id !== active?.call?.id) this.onRinging(call);
      else this.dispatch({ type: "roomCall", roomId: call.roomId, call });
    }
    if (active?.call && active.phase === "joined") {
      if (mineNow.some((c) => c.id === active.call!.id)) await this.rejoin(active.call.id);
      else this.finish(active.call.id, active.roomId, "Call ended");
    }
    const room = this.chat.getState().currentRoomId;
    if (room) void this.loadRoomCall(room);
  }

  // ---- hub events ----

  private onRinging(call: CallDto): void {
    this.dispatch({ type: "ringing", call });
    if (document.visibilityState === "hidden" && typeof Notification !== "undefined" && Notification.permission === "granted") {
      const caller = this.chat.getState().users[call.startedById]?.displayName ?? "Someone";
      try {
        this.closeNotification();
        const n = new Notification(`${caller} is calling you`, {
          body: call.video ? "Video call" : "Voice call", tag: `call-${call.id}`, icon: "/favicon.svg", requireInteraction: true,
        });
        n.onclick = () => {
          window.focus();
          navigateToRoom(call.roomId);
          n.close();
        };
        this.notification = n;
      } catch {
        // Shown in the page only.
      }
    }
  }

  private onUpdated(update: CallDto): void {
    this.dispatch({ type: "updated", call: update, me: this.me });
    const call = this.calls.active?.call; // the newest copy (a stale update changed nothing)
    if (call?.id !== update.id) return;
    if (call.endedAt) return this.finish(call.id, call.roomId, "Call ended");
    const present = call.participants.filter((p) => (p.state === "joined" || p.state === "reconnecting") && p.participantId).map((p) => p.participantId!);
    this.mesh?.keepOnly(present);
    for (const id of [...this.remote.keys()]) if (!present.includes(id)) this.remote.delete(id);
  }

  private onEnded(e: CallEndedEvent): void {
    const call = this.calls.active?.call;
    let text = endedText(e.reason, e.durationSeconds);
    if (call?.id === e.callId) {
      this.teardown();
      // Everyone rung was in another call: say so rather than "No answer".
      const rest = call.participants.filter((p) => p.userId !== this.me);
      if (rest.length && rest.every((p) => p.state === "busy")) {
        const names = rest.map((p) => this.chat.getState().users[p.userId]?.displayName ?? "Someone");
        text = `${names.join(", ")} ${names.length === 1 ? "is" : "are"} in another call`;
      }
    }
    this.dispatch({ type: "ended", callId: e.callId, roomId: e.roomId, text });
  }

  private onSignal(e: CallSignalEvent): void {
    if (!this.mesh || this.calls.active?.call?.id !== e.callId) return;
    void this.mesh.receive(e.fromParticipantId, e.kind, e.payload);
  }

  private onSfuOffer(e: SfuOfferEvent): void {
    if (this.awaitingJoin) {
      if (this.earlyOffers.length < EARLY_OFFERS) this.earlyOffers.push(e);
    } else if (this.sfu && this.calls.active?.call?.id === e.callId) {
      void this.sfu.receiveOffer(e.sdp, e.streams);
    }
  }

  private onMuteRequested(e: CallMuteRequestedEvent): void {
    if (this.calls.active?.call?.id !== e.callId) return;
    this.media.setMuted(true);
    this.dispatch({ type: "local", change: { muted: true } });
    const by = this.chat.getState().users[e.byUserId]?.displayName ?? "A moderator";
    this.dispatch({ type: "error", error: `${by} muted you.` });
  }

  private onLeftHere(e: CallLeftHereEvent): void {
    if (this.calls.active?.call?.id !== e.callId) return;
    this.teardown();
    const text = e.reason === "removed" ? "You were removed from the call."
      : e.reason === "replaced" ? "You joined this call from another tab or device." : "Call ended";
    this.dispatch({ type: "leftHere", callId: e.callId, text });
  }

  // ---- my actions ----

  /** Starts a call in a room (or joins the one already going there). */
  async startCall(roomId: Guid, video: boolean): Promise<void> {
    if (this.refuseSecond()) return;
    this.dispatch({ type: "joining", roomId, call: null, local: { muted: false, cameraOn: video, sharing: false } });
    await this.enter(video, () => this.chat.hub.startCall(roomId, video));
  }

  /** Accepts a ringing call, or joins one from a room's banner. */
  async joinCall(call: CallDto, video: boolean): Promise<void> {
    if (this.calls.active?.call?.id === call.id) return;
    if (this.refuseSecond()) return;
    this.dispatch({ type: "joining", roomId: call.roomId, call, local: { muted: false, cameraOn: video, sharing: false } });
    navigateToRoom(call.roomId);
    await this.enter(video, () => this.chat.hub.joinCall(call.id));
  }

  async decline(callId: Guid): Promise<void> {
    this.dispatch({ type: "ringingStopped", callId });
    try {
      await this.chat.hub.declineCall(callId);
    } catch (e) {
      this.dispatch({ type: "error", error: errorText(e) });
    }
  }

  /** Silences the ring here without declining (the dialog's Esc); the call still rings until it stops. */
  dismiss(callId: Guid): void {
    this.dispatch({ type: "ringingStopped", callId });
  }

  async leave(): Promise<void> {
    const active = this.calls.active;
    if (!active) return;
    const callId = active.call?.id;
    this.teardown();
    this.dispatch({ type: "left" });
    if (callId) await this.chat.hub.leaveCall(callId).catch(() => undefined);
  }

  /** The starter or a moderator ends the call for everyone. */
  async endForEveryone(): Promise<void> {
    const callId = this.calls.active?.call?.id;
    if (!callId) return;
    try {
      await this.chat.hub.endCall(callId);
    } catch (e) {
      this.dispatch({ type: "error", error: errorText(e) });
    }
  }

  toggleMute(): void {
    const a = this.calls.active;
    if (!a) return;
    if (!this.media.mic && a.local.muted) {
      this.dispatch({ type: "error", error: "No microphone is available." });
      return;
    }
    const muted = !a.local.muted;
    this.media.setMuted(muted);
    this.dispatch({ type: "local", change: { muted } });
    this.tell({ muted });
  }

  async toggleCamera(): Promise<void> {
    const a = this.calls.active;
    if (!a) return;
    if (a.local.cameraOn) {
      this.media.stopCamera();
      await this.connections?.setTrack("camera", null);
      this.dispatch({ type: "local", change: { cameraOn: false } });
      this.tell({ cameraOn: false });
      return;
    }
    const err = await this.media.startCamera(this.getState().chosen.camera ?? undefined);
    if (err) return this.dispatch({ type: "error", error: err });
    await this.connections?.setTrack("camera", this.media.camera);
    this.dispatch({ type: "local", change: { cameraOn: true } });
    this.tell({ cameraOn: true });
    void this.loadDevices();
  }

  async toggleScreen(): Promise<void> {
    const a = this.calls.active;
    if (!a) return;
    if (a.local.sharing) return this.stopScreen();
    const err = await this.media.startScreen(() => void this.stopScreen());
    if (err) return this.dispatch({ type: "error", error: err });
    await this.connections?.setTrack("screen", this.media.screen);
    this.dispatch({ type: "local", change: { sharing: true } });
    this.tell({ sharing: true });
  }

  private async stopScreen(): Promise<void> {
    this.media.stopScreen();
    await this.connections?.setTrack("screen", null);
    this.dispatch({ type: "local", change: { sharing: false } });
    this.tell({ sharing: false });
  }

  /** Switches a device during the call: microphone and camera by replaceTrack, the speaker by setSinkId (the tiles). */
  async chooseDevice(kind: keyof DeviceChoice, deviceId: string): Promise<void> {
    this.set({ chosen: { ...this.getState().chosen, [kind]: deviceId } });
    try {
      if (kind === "mic" && this.calls.active) await this.connections?.setTrack("audio", await this.media.switchMic(deviceId));
      if (kind === "camera" && this.calls.active?.local.cameraOn) {
        const err = await this.media.startCamera(deviceId);
        if (err) throw new Error(err);
        await this.connections?.setTrack("camera", this.media.camera);
      }
    } catch (e) {
      this.dispatch({ type: "error", error: e instanceof Error ? e.message : errorText(e) });
    }
  }

  async loadDevices(): Promise<void> {
    try {
      this.set({ devices: (await navigator.mediaDevices?.enumerateDevices()) ?? [] });
    } catch {
      // The picker shows the defaults only.
    }
  }

  async muteParticipant(userId: Guid): Promise<void> {
    const callId = this.calls.active?.call?.id;
    if (callId) await this.chat.hub.muteCallParticipant(callId, userId).catch((e) => this.dispatch({ type: "error", error: errorText(e) }));
  }

  async removeParticipant(userId: Guid): Promise<void> {
    const callId = this.calls.active?.call?.id;
    if (callId) await this.chat.hub.removeCallParticipant(callId, userId).catch((e) => this.dispatch({ type: "error", error: errorText(e) }));
  }

  minimise(minimised: boolean): void {
    this.dispatch({ type: "minimise", minimised });
  }

  clearError(): void {
    this.dispatch({ type: "error", error: null });
  }

  /** The media a remote participant sends (by participant id). */
  remoteMedia(participantId: Guid): RemoteMedia | undefined {
    return this.remote.get(participantId);
  }

  /** My own camera or screen, for my tile. */
  localTrack(slot: Slot): MediaStreamTrack | null {
    return this.media.tracks()[slot];
  }

  // ---- joining and leaving ----

  private refuseSecond(): boolean {
    if (!this.calls.active) return false;
    this.dispatch({ type: "error", error: "You're already in a call. Leave it first." });
    return true;
  }

  private async enter(video: boolean, join: () => Promise<CallDto>): Promise<void> {
    const chosen = this.getState().chosen;
    const problems = await this.media.open(video, chosen.mic ?? undefined, chosen.camera ?? undefined);
    const local = { muted: this.media.muted, cameraOn: !!this.media.camera, sharing: false };
    this.dispatch({ type: "local", change: local });
    let call: CallDto;
    this.awaitingJoin = true;
    this.sfuRecoveries = 0;
    try {
      call = await join();
    } catch (e) {
      this.earlyOffers = [];
      this.media.close();
      const full = errorCode(e) === "call_full";
      this.dispatch({ type: "joinFailed", error: full ? errorText(e) : `Couldn't join the call: ${errorText(e)}` });
      return;
    } finally {
      this.awaitingJoin = false;
    }
    if (!this.calls.active) {
      // Left while joining.
      this.earlyOffers = [];
      this.media.close();
      void this.chat.hub.leaveCall(call.id).catch(() => undefined);
      return;
    }
    if (problems.length) this.dispatch({ type: "error", error: problems.join(" ") });
    this.connect(call);
    const p = mine(call, this.me);
    if (p && (p.muted !== local.muted || p.cameraOn !== local.cameraOn)) this.tell({ muted: local.muted, cameraOn: local.cameraOn });
    void this.loadDevices();
  }

  /**
   * Joined (or rejoined) with this connection: fresh connections for the call. A mesh offers to everyone already in
   * it; through the media server I publish, and the server's offers (any that came before the join's answer too)
   * bring everyone else.
   */
  private connect(call: CallDto): void {
    const early = this.earlyOffers.filter((e) => e.callId === call.id);
    this.closeConnections();
    this.dispatch({ type: "joined", call, me: this.me });
    const myId = this.calls.active?.participantId;
    if (!myId) return;
    const callId = call.id;
    if (call.mode === "sfu") {
      const hub = this.chat.hub;
      this.sfu = new Sfu({
        myId,
        iceServers: call.iceServers ?? [],
        iceTransportPolicy: iceTransportPolicy(),
        hub: {
          publish: (sdp, descriptions) => hub.sfuPublish(callId, sdp, descriptions),
          answer: (sdp) => hub.sfuAnswer(callId, sdp),
          candidate: (target, candidate) => hub.sfuCandidate(callId, target, candidate),
          restart: () => hub.sfuRestart(callId),
        },
        tracks: this.media.tracks,
        onStatus: (participantId, status) => {
          if (status === "connected") this.sfuRecoveries = 0;
          this.dispatch({ type: "peer", participantId, status });
        },
        onTrack: (participantId, slot, track) => this.addRemoteTrack(participantId, slot, track),
        onTrackGone: (participantId, slot, track) => this.removeRemoteTrack(participantId, slot, track),
        onError: (e) => this.sfuError(callId, e),
        onStuck: (e) => this.recoverSfu(callId, e),
      });
      for (const e of early) void this.sfu.receiveOffer(e.sdp, e.streams);
      this.startStats();
      return;
    }
    this.mesh = new Mesh({
      myId,
      iceServers: call.iceServers ?? [],
      iceTransportPolicy: iceTransportPolicy(),
      send: (to, kind, payload) => this.chat.hub.signalCall(callId, to, kind, payload),
      tracks: this.media.tracks,
      onStatus: (participantId, status) => this.dispatch({ type: "peer", participantId, status }),
      onTrack: (participantId, slot, track) => this.addRemoteTrack(participantId, slot, track),
      onError: (e) => console.warn("[call]", e),
    });
    this.mesh.offerTo(offerTargets(call, myId));
    this.startStats();
  }

  private async rejoin(callId: Guid): Promise<void> {
    // The old connections belonged to the old participant id (the server has dropped them): offers for the new one
    // may come before JoinCall answers.
    this.closeConnections();
    this.awaitingJoin = true;
    let call: CallDto;
    try {
      call = await this.chat.hub.joinCall(callId);
    } catch (e) {
      this.awaitingJoin = false;
      const active = this.calls.active;
      this.teardown();
      if (active) this.dispatch({ type: "ended", callId, roomId: active.roomId, text: errorCode(e) === "call_ended" ? "Call ended" : `Lost the call: ${errorText(e)}` });
      return;
    }
    this.awaitingJoin = false;
    this.connect(call);
  }

  private finish(callId: Guid, roomId: Guid, text: string): void {
    this.teardown();
    this.dispatch({ type: "ended", callId, roomId, text });
  }

  private addRemoteTrack(participantId: Guid, slot: Slot, track: MediaStreamTrack): void {
    let m = this.remote.get(participantId);
    if (!m) this.remote.set(participantId, (m = { audio: new MediaStream(), camera: new MediaStream(), screen: new MediaStream() }));
    const stream = m[slot];
    for (const t of stream.getTracks()) stream.removeTrack(t);
    stream.addTrack(track);
    this.set({ streams: this.getState().streams + 1 });
  }

  private removeRemoteTrack(participantId: Guid, slot: Slot, track: MediaStreamTrack): void {
    const stream = this.remote.get(participantId)?.[slot];
    if (!stream?.getTracks().includes(track)) return;
    stream.removeTrack(track);
    this.set({ streams: this.getState().streams + 1 });
  }

  /** The media server didn't answer, or lost my session (Janus restarted: every Sfu* call is refused until I join again). */
  private sfuError(callId: Guid, e: unknown): void {
    if (errorCode(e) === "media_server_unavailable") this.recoverSfu(callId, e);
    else console.warn("[call]", e);
  }

  /** JoinCall from this connection sets up my media-server session afresh, with new connections. A few tries, then it's said. */
  private recoverSfu(callId: Guid, e: unknown): void {
    if (this.awaitingJoin || this.calls.active?.call?.id !== callId) return;
    if (this.sfuRecoveries >= SFU_RECOVERIES) return this.dispatch({ type: "error", error: errorText(e) });
    console.warn("[call] joining the media server again:", e);
    this.sfuRecoveries++;
    void this.rejoin(callId);
  }

  private get connections(): CallConnections | null {
    return this.mesh ?? this.sfu;
  }

  private tell(change: { muted?: boolean; cameraOn?: boolean; sharing?: boolean }): void {
    const callId = this.calls.active?.call?.id;
    if (callId) void this.chat.hub.updateCallMedia(callId, change).catch((e) => this.dispatch({ type: "error", error: errorText(e) }));
  }

  private closeConnections(): void {
    this.mesh?.close();
    this.mesh = null;
    this.sfu?.close();
    this.sfu = null;
    this.earlyOffers = [];
    this.remote.clear();
  }

  private teardown(): void {
    this.closeConnections();
    this.media.close();
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    if (Object.keys(this.getState().speaking).length) this.set({ speaking: {} });
  }

  // ---- ringing and the speaking ring ----

  private followRinging(): void {
    if (this.calls.incoming.length && !this.calls.active) ringTone.start();
    else {
      ringTone.stop();
      this.closeNotification();
    }
  }

  private closeNotification(): void {
    this.notification?.close();
    this.notification = null;
  }

  /** Who is speaking, from the audio level in each connection's stats (mine from what I send). */
  private startStats(): void {
    if (this.statsTimer) return;
    this.statsTimer = setInterval(() => void this.pollStats(), STATS_MS);
  }

  private async pollStats(): Promise<void> {
    const active = this.calls.active;
    const connections = this.connections;
    if (!active?.call || !connections) return;
    const call = active.call;
    const userOf = (participantId: Guid | undefined) => call.participants.find((p) => p.participantId === participantId)?.userId;
    const speaking: Record<Guid, boolean> = {};
    let mineLevel = 0;
    for (const { pc, participantOf } of connections.statsSources()) {
      try {
        (await pc.getStats()).forEach((s: { type: string; kind?: string; audioLevel?: number; mid?: string }) => {
          if (s.type === "inbound-rtp" && s.kind === "audio" && (s.audioLevel ?? 0) > SPEAKING_LEVEL) {
            const userId = userOf(participantOf(s.mid));
            if (userId) speaking[userId] = true;
          }
          if (s.type === "media-source" && s.kind === "audio") mineLevel = Math.max(mineLevel, s.audioLevel ?? 0);
        });
      } catch {
        // Closed meanwhile.
      }
    }
    if (mineLevel > SPEAKING_LEVEL && !active.local.muted) speaking[this.me] = true;
    const before = this.getState().speaking;
    const same = Object.keys(before).length === Object.keys(speaking).length && Object.keys(speaking).every((k) => before[k]);
    if (!same) this.set({ speaking });
  }
}
