import type { CallDto, CallParticipantDto, Guid } from "../../api/types";

/** One peer connection's state, as RTCPeerConnection.connectionState says it. */
export type PeerStatus = "new" | "connecting" | "connected" | "disconnected" | "failed" | "closed";

export interface LocalMedia {
  muted: boolean;
  cameraOn: boolean;
  sharing: boolean;
}

/** The call I am in, or joining. */
export interface ActiveCall {
  roomId: Guid;
  /** null until StartCall answers. */
  call: CallDto | null;
  /** My participant id while joined (new on each join: peers address me by it); null while joining. */
  participantId: Guid | null;
  phase: "joining" | "joined";
  /** By remote participant id. */
  peers: Record<Guid, PeerStatus>;
  /** The hub connection dropped: the server holds my place while I rejoin. */
  hubReconnecting: boolean;
  local: LocalMedia;
  minimised: boolean;
}

export interface CallsState {
  /** Calls ringing me that I haven't answered, oldest first. */
  incoming: CallDto[];
  active: ActiveCall | null;
  /** Live calls by room, for the banners ("Call in progress · 2 people · Join"). */
  live: Record<Guid, CallDto>;
  /** A readable message about the call (camera blocked, the call is full), or null. */
  error: string | null;
  /** Said once the call I was in ended ("Call ended"), until the next one. */
  ended: { callId: Guid; roomId: Guid; text: string } | null;
}

export type CallAction =
  | { type: "ringing"; call: CallDto }
  | { type: "ringingStopped"; callId: Guid }
  | { type: "joining"; roomId: Guid; call: CallDto | null; local: LocalMedia }
  | { type: "joined"; call: CallDto; me: Guid }
  | { type: "joinFailed"; error: string }
  | { type: "updated"; call: CallDto; me: Guid }
  | { type: "roomCall"; roomId: Guid; call: CallDto | null }
  | { type: "ended"; callId: Guid; roomId: Guid; text: string }
  | { type: "leftHere"; callId: Guid; text: string | null }
  | { type: "left" }
  | { type: "peer"; participantId: Guid; status: PeerStatus }
  | { type: "hub"; reconnecting: boolean }
  | { type: "local"; change: Partial<LocalMedia> }
  | { type: "minimise"; minimised: boolean }
  | { type: "error"; error: string | null };

export const initialCallsState: CallsState = { incoming: [], active: null, live: {}, error: null, ended: null };

const isLive = (c: CallDto) => !c.endedAt;
const present = (p: CallParticipantDto) => (p.state === "joined" || p.state === "reconnecting") && !!p.participantId;

function withLive(live: Record<Guid, CallDto>, call: CallDto): Record<Guid, CallDto> {
  const next = { ...live };
  if (isLive(call)) next[call.roomId] = call;
  else if (next[call.roomId]?.id === call.id) delete next[call.roomId];
  return next;
}

function withoutCall(live: Record<Guid, CallDto>, roomId: Guid, callId: Guid): Record<Guid, CallDto> {
  if (live[roomId]?.id !== callId) return live;
  const next = { ...live };
  delete next[roomId];
  return next;
}

/** An update older than (or the same as) the copy held: events can overtake an action's answer. */
function isStale(state: CallsState, call: CallDto): boolean {
  if (call.rev === undefined) return false;
  const held = [state.active?.call, state.live[call.roomId], ...state.incoming]
    .filter((c): c is CallDto => !!c && c.id === call.id && c.rev !== undefined)
    .map((c) => c.rev!);
  return held.some((rev) => rev >= call.rev!);
}

/** My own participant entry in a call. */
export function mine(call: CallDto | null | undefined, me: Guid): CallParticipantDto | undefined {
  return call?.participants.find((p) => p.userId === me);
}

/** The call state, changed by hub events and my own actions; pure (the call store runs the effects). */
export function callReducer(state: CallsState, action: CallAction): CallsState {
  switch (action.type) {
    case "ringing": {
      if (state.active?.call?.id === action.call.id) return state;
      const incoming = [...state.incoming.filter((c) => c.id !== action.call.id), action.call];
      return { ...state, incoming, live: withLive(state.live, action.call) };
    }
    case "ringingStopped":
      return { ...state, incoming: state.incoming.filter((c) => c.id !== action.callId) };
    case "joining":
      return {
        ...state,
        error: null,
        ended: null,
        incoming: action.call ? state.incoming.filter((c) => c.id !== action.call!.id) : state.incoming,
        active: {
          roomId: action.roomId, call: action.call, participantId: null, phase: "joining", peers: {},
          hubReconnecting: false, local: action.local, minimised: false,
        },
      };
    case "joined": {
      const a = state.active;
      const participantId = mine(action.call, action.me)?.participantId ?? null;
      // A rejoin has a new participant id: the old peer connections are gone, so are their states.
      const peers = a && a.participantId === participantId ? a.peers : {};
      return {
        ...state,
        incoming: state.incoming.filter((c) => c.id !== action.call.id),
        live: withLive(state.live, action.call),
        active: {
          ...(a ?? { hubReconnecting: false, minimised: false, local: { muted: false, cameraOn: action.call.video, sharing: false } }),
          roomId: action.call.roomId, call: action.call, participantId, phase: "joined", peers, hubReconnecting: false,
        },
      };
    }
    case "joinFailed":
      return { ...state, active: null, error: action.error };
    case "updated": {
      const call = action.call;
      if (isStale(state, call)) return state;
      let { active, incoming } = state;
      if (active && (active.call?.id ?? null) === call.id) {
        const ids = new Set(call.participants.filter(present).map((p) => p.participantId!));
        const peers = Object.fromEntries(Object.entries(active.peers).filter(([id]) => ids.has(id)));
        active = { ...active, call, peers }; // an ended call stays until the store has torn it down ("ended")
      }
      // Still ringing me? Keep the dialog's copy fresh; otherwise it stops.
      if (incoming.some((c) => c.id === call.id)) {
        incoming = mine(call, action.me)?.state === "ringing" && isLive(call)
          ? incoming.map((c) => (c.id === call.id ? call : c))
          : incoming.filter((c) => c.id !== call.id);
      }
      return { ...state, active, incoming, live: withLive(state.live, call) };
    }
    case "roomCall": {
      if (action.call) return { ...state, live: withLive(state.live, action.call) };
      if (!state.live[action.roomId]) return state;
      const live = { ...state.live };
      delete live[action.roomId];
      return { ...state, live };
    }
    case "ended": {
      const wasMine = state.active?.call?.id === action.callId;
      return {
        ...state,
        incoming: state.incoming.filter((c) => c.id !== action.callId),
        live: withoutCall(state.live, action.roomId, action.callId),
        active: wasMine ? null : state.active,
        // Mine, or the one I just left as the last other person went (the server's word has the duration).
        ended: wasMine || state.ended?.callId === action.callId ? { callId: action.callId, roomId: action.roomId, text: action.text } : state.ended,
      };
    }
    case "leftHere": {
      if (state.active?.call?.id !== action.callId) return state;
      const roomId = state.active.roomId;
      return { ...state, active: null, ended: action.text ? { callId: action.callId, roomId, text: action.text } : state.ended };
    }
    case "left":
      return { ...state, active: null, error: null };
    case "peer": {
      const a = state.active;
      if (!a || a.peers[action.participantId] === action.status) return state;
      const peers = { ...a.peers };
      if (action.status === "closed") delete peers[action.participantId];
      else peers[action.participantId] = action.status;
      return { ...state, active: { ...a, peers } };
    }
    case "hub":
      return state.active && state.active.hubReconnecting !== action.reconnecting
        ? { ...state, active: { ...state.active, hubReconnecting: action.reconnecting } }
        : state;
    case "local":
      return state.active ? { ...state, active: { ...state.active, local: { ...state.active.local, ...action.change } } } : state;
    case "minimise":
      return state.active ? { ...state, active: { ...state.active, minimised: action.minimised } } : state;
    case "error":
      return { ...state, error: action.error };
  }
}

/** "Reconnecting…": the hub dropped, or a peer connection is down while ICE restarts. */
export function isReconnecting(a: ActiveCall | null): boolean {
  if (!a) return false;
  return a.hubReconnecting || Object.values(a.peers).some((s) => s === "disconnected" || s === "failed");
}

/** The others in the call who are (or are coming back) in it, or still being rung. */
export function others(call: CallDto | null, me: Guid): CallParticipantDto[] {
  return (call?.participants ?? []).filter((p) => p.userId !== me && p.state !== "left" && p.state !== "missed");
}

/** How many people are in a call now (joined or reconnecting). */
export function inCallCount(call: CallDto): number {
  return call.participants.filter((p) => p.state === "joined" || p.state === "reconnecting").length;
}

/** What the end of a call says: "Call ended · 4 min 10 s", "No answer", "Call declined". */
export function endedText(reason: string | number, durationSeconds?: number | null): string {
  const r = String(reason).toLowerCase();
  if (r === "1" || r === "missed") return "No answer";
  if (r === "2" || r === "declined") return "Call declined";
  return durationSeconds ? `Call ended · ${durationText(durationSeconds)}` : "Call ended";
}

export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h) return `${h} h ${m} min`;
  if (m) return rest ? `${m} min ${rest} s` : `${m} min`;
  return `${rest} s`;
}
