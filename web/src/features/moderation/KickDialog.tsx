import { api } from "../../api/client";
import { SanctionDialog } from "./SanctionDialog";

export interface TargetProps {
  roomId: string;
  roomName: string;
  userId: string;
  name: string;
  onDone: () => void;
  onClose: () => void;
}

/** Kick: out of the room at once; they may join again (public) or be invited again. */
export function KickDialog({ roomId, roomName, userId, name, onDone, onClose }: TargetProps) {
  return (
    <SanctionDialog label={`Kick ${name}`} confirm="Kick" onClose={onClose}
      text={`Remove ${name} from #${roomName}? They can come back if they join again or are invited.`}
      onConfirm={async (reason) => {
        await api.kick(roomId, userId, reason ?? undefined);
        onDone();
      }} />
  );
}
