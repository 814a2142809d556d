import { useEffect, useRef } from "react";
import type { CallParticipantDto } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { Icon } from "../../components/Icon";

const STATE_TEXT: Partial<Record<CallParticipantDto["state"], string>> = {
  ringing: "Ringing…",
  reconnecting: "Reconnecting…",
  declined: "Declined",
  busy: "In another call",
};

interface Props {
  userId: string;
  name: string;
  avatarUrl?: string | null;
  state: CallParticipantDto["state"];
  muted: boolean;
  speaking: boolean;
  /** What to show instead of the avatar: the screen share first, then the camera. */
  video: MediaStream | MediaStreamTrack | null;
  /** My own camera: mirrored, as in a mirror. */
  self?: boolean;
}

/** One person in the call: their video or avatar, name, muted icon and a ring while they speak. */
export function CallTile({ userId, name, avatarUrl, state, muted, speaking, video, self }: Props) {
  const stateText = STATE_TEXT[state];
  return (
    <li className={`call-tile ${speaking ? "speaking" : ""} ${self ? "self" : ""}`} aria-label={name} data-state={state}>
      {video ? <Video source={video} /> : <Avatar userId={userId} name={name} url={avatarUrl} size="xl" />}
      <span className="call-tile-name">
        {muted && <span className="call-muted" role="img" aria-label="Muted"><Icon name="micOff" size={14} /></span>}
        {name}{self ? " (you)" : ""}
        {stateText && <span className="call-tile-state"> · {stateText}</span>}
      </span>
      {speaking && <span className="visually-hidden">speaking</span>}
    </li>
  );
}

function Video({ source }: { source: MediaStream | MediaStreamTrack }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = source instanceof MediaStream ? source : new MediaStream([source]);
    void el.play().catch(() => undefined);
  }, [source]);
  return <video ref={ref} className="call-video" autoPlay playsInline muted />;
}
