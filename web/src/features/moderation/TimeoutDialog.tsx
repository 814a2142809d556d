import { useState } from "react";
import { api } from "../../api/client";
import { SanctionDialog } from "./SanctionDialog";
import type { TargetProps } from "./KickDialog";
import { TimeoutDurationField } from "./TimeoutDurationField";

/** Time out: they stay and can read, but can't send, react or call until the time is up. */
export function TimeoutDialog({ roomId, roomName, userId, name, onDone, onClose }: TargetProps) {
  const [seconds, setSeconds] = useState<number>(600);
  return (
    <SanctionDialog label={`Time out ${name}`} confirm="Time out" onClose={onClose}
      text={`${name} can still read #${roomName} but can't post or react until the time is up.`}
      onConfirm={async (reason) => {
        await api.timeout(roomId, userId, seconds, reason);
        onDone();
      }}>
      <TimeoutDurationField seconds={seconds} onChange={setSeconds} />
    </SanctionDialog>
  );
}
