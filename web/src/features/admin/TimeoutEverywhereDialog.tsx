import { useState } from "react";
import { api } from "../../api/client";
import type { TimeoutDto } from "../../api/types";
import { SanctionDialog } from "../moderation/SanctionDialog";
import { TimeoutDurationField } from "../moderation/TimeoutDurationField";

interface Props {
  userId: string;
  name: string;
  onDone: (timeout: TimeoutDto) => void;
  onClose: () => void;
}

/** A server-wide time-out (TimeoutServerWide): the room time-out's choices, in every room and DM at once. */
export function TimeoutEverywhereDialog({ userId, name, onDone, onClose }: Props) {
  const [seconds, setSeconds] = useState<number>(600);
  return (
    <SanctionDialog label={`Time out ${name} everywhere`} confirm="Time out" onClose={onClose}
      text={`${name} can still read, but can't post or react anywhere on this server until the time is up.`}
      onConfirm={async (reason) => onDone(await api.timeoutEverywhere(userId, seconds, reason))}>
      <TimeoutDurationField seconds={seconds} onChange={setSeconds} />
    </SanctionDialog>
  );
}
