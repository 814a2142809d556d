import { useEffect, useRef, useState } from "react";
import type { CallParticipantDto, Guid } from "../../api/types";
import { Icon } from "../../components/Icon";
import { conversationTitle, isDirect } from "../../lib/names";
import { useChatSelector } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import { useRoomPermissions } from "../moderation/useRoomPermissions";
import { isReconnecting, others, type ActiveCall } from "./callState";
import { CallTile } from "./CallTile";
import { DevicePicker } from "./DevicePicker";
import { useCallStore, useCalls } from "./useCalls";

/** The call I'm in: tiles and controls, full size or minimised to a small floating view. */
export function CallView({ active }: { active: ActiveCall }) {
  const calls = useCallStore();
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
  const summary = useChatSelector((s) => s.summaries[active.roomId]);
  const speaking = useCalls((s) => s.speaking);
  useCalls((s) => s.streams); // re-render when a remote track arrives
  const [showPeople, setShowPeople] = useState(false);
  const [fullScreen, setFullScreen] = useState(false);
  const ref = useRef<HTMLElement>(null);
  const currentRoomId = useChatSelector((s) => s.currentRoomId);
  const shownIn = useRef(currentRoomId);

  // Going to another conversation: the call shrinks to its floating view and keeps going.
  useEffect(() => {
    if (currentRoomId === shownIn.current) return;
    shownIn.current = currentRoomId;
    if (currentRoomId !== active.roomId) calls.minimise(true);
  }, [currentRoomId, active.roomId, calls]);

  useEffect(() => {
    const onChange = () => setFullScreen(document.fullscreenElement === ref.current && !!ref.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => document.removeEventListener("fullscreenchange", onChange);
  }, []);

  const title = summary ? conversationTitle(summary, meId, users) : "Call";
  const place = summary && !isDirect(summary) ? `#${title}` : title;
  const call = active.call;
  const list = others(call, meId);
  const reconnecting = isReconnecting(active);
  const status = active.phase === "joining" ? "Joining…"
    : reconnecting ? "Reconnecting…"
    : list.length && list.every((p) => p.state === "ringing") ? "Ringing…"
    : list.some((p) => p.state === "joined") ? "In call" : "Waiting for others…";
  const nameOf = (userId: Guid) => users[userId]?.displayName ?? "Someone";
  const videoOf = (p: CallParticipantDto) => {
    const m = p.participantId ? calls.remoteMedia(p.participantId) : undefined;
    if (!m) return null;
    if (p.sharing && m.screen.getTracks().length) return m.screen;
    return p.cameraOn && m.camera.getTracks().length ? m.camera : null;
  };
  const myVideo = active.local.sharing ? calls.localTrack("screen") : active.local.cameraOn ? calls.localTrack("camera") : null;

  const toggleFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void ref.current?.requestFullscreen?.().catch(() => undefined);
  };

  const controls = (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      <button type="button" aria-pressed={active.local.muted} onClick={() => calls.toggleMute()} title="Mute (M)" aria-keyshortcuts="M">
        <Icon name={active.local.muted ? "micOff" : "mic"} size={18} /><span className="visually-hidden">Mute</span>
      </button>
      <button type="button" aria-pressed={active.local.cameraOn} onClick={() => void calls.toggleCamera()} title="Camera (V)" aria-keyshortcuts="V">
        <Icon name={active.local.cameraOn ? "video" : "videoOff"} size={18} /><span className="visually-hidden">Camera</span>
      </button>
      {!active.minimised && (
        <>
          <button type="button" aria-pressed={active.local.sharing} onClick={() => void calls.toggleScreen()} title="Share screen">
            <Icon name="screen" size={18} /><span className="visually-hidden">Share screen</span>
          </button>
          <DevicePicker />
          <button type="button" aria-pressed={showPeople} onClick={() => setShowPeople(!showPeople)} title="Participants">
            <Icon name="users" size={18} /><span className="visually-hidden">Participants</span>
          </button>
          <button type="button" aria-pressed={fullScreen} onClick={toggleFullScreen} title="Full screen">
            <Icon name="maximize" size={18} /><span className="visually-hidden">Full screen</span>
          </button>
        </>
      )}
      <button type="button" onClick={() => calls.minimise(!active.minimised)} title={active.minimised ? "Open call" : "Minimise call"}>
        <Icon name={active.minimised ? "maximize" : "minimize"} size={18} />
        <span className="visually-hidden">{active.minimised ? "Open call" : "Minimise call"}</span>
      </button>
      <button type="button" className="call-leave" onClick={() => void calls.leave()} title="Leave call">
        <Icon name="phoneOff" size={18} /><span className="visually-hidden">Leave call</span>
      </button>
    </div>
  );

  return (
    <section ref={ref} className={`call-view ${active.minimised ? "minimised" : ""}`} aria-label="Call" data-phase={active.phase}>
      <header className="call-header">
        <button type="button" className="link call-place" onClick={() => navigateToRoom(active.roomId)}>{place}</button>
        <span className={`call-status ${reconnecting ? "warn" : ""}`} role="status">{status}</span>
      </header>
      <div className="call-body">
        <ul className="call-tiles" aria-label="Participants in the call">
          <CallTile userId={meId} name={nameOf(meId)} avatarUrl={users[meId]?.avatarUrl} state="joined" self
            muted={active.local.muted} speaking={!!speaking[meId]} video={myVideo} />
          {list.map((p) => (
            <CallTile key={p.userId} userId={p.userId} name={nameOf(p.userId)} avatarUrl={users[p.userId]?.avatarUrl}
              state={p.state} muted={p.muted || p.serverMuted} speaking={!!speaking[p.userId]} video={videoOf(p)} />
          ))}
        </ul>
        {showPeople && !active.minimised && call && <Participants roomId={active.roomId} startedById={call.startedById} participants={call.participants} nameOf={nameOf} />}
      </div>
      {controls}
    </section>
  );
}

const STATE_LABEL: Record<CallParticipantDto["state"], string> = {
  ringing: "Ringing", joined: "In the call", reconnecting: "Reconnecting", declined: "Declined", missed: "Missed",
  busy: "In another call", left: "Left",
};

interface ParticipantsProps {
  roomId: Guid;
  startedById: Guid;
  participants: CallParticipantDto[];
  nameOf: (id: Guid) => string;
}

/** Who is in the call and who is rung; moderators may mute or remove people, the starter and moderators end it. */
function Participants({ roomId, startedById, participants, nameOf }: ParticipantsProps) {
  const calls = useCallStore();
  const perms = useRoomPermissions(roomId);
  const meId = useChatSelector((s) => s.me.id);
  return (
    <aside className="call-people" aria-label="Participants">
      <h2>Participants</h2>
      <ul>
        {participants.map((p) => (
          <li key={p.userId}>
            <span className="call-people-name">{nameOf(p.userId)}</span>
            <span className="call-people-state">{STATE_LABEL[p.state]}{p.muted || p.serverMuted ? " · muted" : ""}{p.sharing ? " · sharing" : ""}</span>
            {p.state === "joined" && perms.canActOn("ManageCalls", p.userId) && (
              <span className="call-people-actions">
                {!p.serverMuted && <button type="button" onClick={() => void calls.muteParticipant(p.userId)}>Mute {nameOf(p.userId)}</button>}
                <button type="button" className="danger" onClick={() => void calls.removeParticipant(p.userId)}>Remove</button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {(startedById === meId || perms.can("ManageCalls")) && (
        <button type="button" className="danger" onClick={() => void calls.endForEveryone()}>End call for everyone</button>
      )}
    </aside>
  );
}
