import type { Guid } from "../../api/types";
import { Icon } from "../../components/Icon";
import { useRoomPermissions } from "../moderation/useRoomPermissions";
import { inCallCount } from "./callState";
import { useCallStore, useCalls } from "./useCalls";

interface Props {
  roomId: Guid;
  /** Why I can't call here (an archived or read-only room), or null. */
  blocked: string | null;
}

/** The room header's audio and video call buttons (a call already going here: they join it). */
export function CallButtons({ roomId, blocked }: Props) {
  const calls = useCallStore();
  const inThisCall = useCalls((s) => s.calls.active?.roomId === roomId);
  const may = useRoomPermissions(roomId).can("StartCall");
  const why = blocked ? `You can't start a call here. ${blocked}` : may ? null : "You may not start calls in this conversation.";
  return (
    <>
      <button type="button" className="call-start" disabled={!!why || inThisCall} title={why ?? "Start a voice call"}
        aria-label="Start a voice call" onClick={() => void calls.startCall(roomId, false)}>
        <Icon name="phone" size={16} />
      </button>
      <button type="button" className="call-start" disabled={!!why || inThisCall} title={why ?? "Start a video call"}
        aria-label="Start a video call" onClick={() => void calls.startCall(roomId, true)}>
        <Icon name="video" size={16} />
      </button>
    </>
  );
}

/** "Call in progress · 2 people · Join" over the timeline while a call goes on here without me. */
export function CallBanner({ roomId }: { roomId: Guid }) {
  const calls = useCallStore();
  const live = useCalls((s) => s.calls.live[roomId]);
  const mine = useCalls((s) => s.calls.active?.roomId === roomId);
  if (!live || mine) return null;
  const n = inCallCount(live);
  return (
    <div className="call-banner" role="status" aria-label="Call in progress">
      <Icon name="phone" size={16} />
      <span>Call in progress · {n} {n === 1 ? "person" : "people"}</span>
      <button type="button" className="primary" onClick={() => void calls.joinCall(live, false)}>Join</button>
    </div>
  );
}
