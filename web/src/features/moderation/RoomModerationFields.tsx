import { useId } from "react";
import type { InvitePolicy } from "../../api/types";
import { durationLabel, SLOW_MODE_CHOICES } from "./durations";

export interface RoomModerationValues {
  readOnly: boolean;
  slowModeSeconds: number;
  invitePolicy: InvitePolicy;
  /** Members may pin messages too (issue 21). */
  membersMayPin?: boolean;
}

interface Props {
  values: RoomModerationValues;
  onChange: (next: RoomModerationValues) => void;
}

/** Room settings for those with EditRoom: read-only, slow mode, who may invite, who may pin. */
export function RoomModerationFields({ values, onChange }: Props) {
  const id = useId();
  const set = (patch: Partial<RoomModerationValues>) => onChange({ ...values, ...patch });
  // A value set elsewhere (the API allows any 0..21600) stays selectable.
  const choices = SLOW_MODE_CHOICES.includes(values.slowModeSeconds as never) ? SLOW_MODE_CHOICES : [...SLOW_MODE_CHOICES, values.slowModeSeconds];
  return (
    <fieldset className="field room-moderation">
      <legend>Moderation</legend>
      <label className="check">
        <input type="checkbox" checked={values.readOnly} onChange={(e) => set({ readOnly: e.target.checked })} aria-describedby={`${id}-ro`} />
        Read-only
      </label>
      <small id={`${id}-ro`} className="hint">Only moderators can post; everyone can still read and react.</small>
      <label htmlFor={`${id}-slow`}>Slow mode</label>
      <select id={`${id}-slow`} value={values.slowModeSeconds} aria-describedby={`${id}-slow-hint`}
        onChange={(e) => set({ slowModeSeconds: Number(e.target.value) })}>
        {choices.map((s) => <option key={s} value={s}>{s === 0 ? "Off" : durationLabel(s)}</option>)}
      </select>
      <small id={`${id}-slow-hint`} className="hint">How long members wait between two messages. Moderators are exempt.</small>
      <label htmlFor={`${id}-invite`}>Who can invite people</label>
      <select id={`${id}-invite`} value={values.invitePolicy} onChange={(e) => set({ invitePolicy: e.target.value as InvitePolicy })}>
        <option value="members">All members</option>
        <option value="moderators">Moderators only</option>
      </select>
      <label className="check">
        <input type="checkbox" checked={values.membersMayPin ?? false} onChange={(e) => set({ membersMayPin: e.target.checked })}
          aria-describedby={`${id}-pin`} />
        Members can pin messages
      </label>
      <small id={`${id}-pin`} className="hint">Otherwise only moderators pin.</small>
    </fieldset>
  );
}
