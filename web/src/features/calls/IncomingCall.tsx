import type { CallDto } from "../../api/types";
import { Avatar } from "../../components/Avatar";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { conversationTitle } from "../../lib/names";
import { useChatSelector } from "../chat/useChat";
import { useCallStore } from "./useCalls";

/** The ringing call: accept (voice or video) or decline. Esc silences it here only; it rings until it stops. */
export function IncomingCall({ call }: { call: CallDto }) {
  const calls = useCallStore();
  const caller = useChatSelector((s) => s.users[call.startedById]);
  const summary = useChatSelector((s) => s.summaries[call.roomId]);
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
  const name = caller?.displayName ?? "Someone";
  const place = summary && summary.room.kind !== "dm" ? conversationTitle(summary, meId, users) : null;
  return (
    <Dialog label={`Incoming call from ${name}`} title={null} className="incoming-call" onClose={() => calls.dismiss(call.id)}>
      <div className="incoming-call-body">
        <Avatar userId={call.startedById} name={name} url={caller?.avatarUrl} size="xl" />
        <h2>{name}</h2>
        <p>{call.video ? "Video call" : "Voice call"}{place ? ` in ${summary?.room.kind === "group" ? place : `#${place}`}` : ""}</p>
        <div className="incoming-call-actions">
          <button type="button" className="call-decline" onClick={() => void calls.decline(call.id)}>
            <Icon name="phoneOff" size={18} /> Decline
          </button>
          <button type="button" className="call-accept" autoFocus onClick={() => void calls.joinCall(call, false)}>
            <Icon name="phone" size={18} /> Accept
          </button>
          <button type="button" className="call-accept" onClick={() => void calls.joinCall(call, true)}>
            <Icon name="video" size={18} /> Accept with video
          </button>
        </div>
      </div>
    </Dialog>
  );
}
