import { useId, useState } from "react";
import { api } from "../../api/client";
import { SanctionDialog } from "./SanctionDialog";
import type { TargetProps } from "./KickDialog";
import { BAN_CHOICES, durationLabel, expiryFrom } from "./durations";

/** Ban: removed like a kick, and kept out (no joining, no invites, no reading) until it expires or is lifted. */
export function BanDialog({ roomId, roomName, userId, name, onDone, onClose }: TargetProps) {
  const [length, setLength] = useState("");
  const id = useId();
  return (
    <SanctionDialog label={`Ban ${name}`} confirm="Ban" onClose={onClose}
      text={`Ban ${name} from #${roomName}? They are removed at once and can't join, be invited or read it while banned.`}
      onConfirm={async (reason) => {
        await api.ban(roomId, userId, reason, expiryFrom(length === "" ? null : Number(length)));
        onDone();
      }}>
      <div className="field">
        <label htmlFor={id}>Ban length</label>
        <select id={id} value={length} onChange={(e) => setLength(e.target.value)}>
          {BAN_CHOICES.map((s) => <option key={s ?? "forever"} value={s ?? ""}>{s === null ? "Until lifted" : durationLabel(s)}</option>)}
        </select>
      </div>
    </SanctionDialog>
  );
}
