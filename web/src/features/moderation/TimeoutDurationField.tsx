import { useId } from "react";
import { durationLabel, TIMEOUT_CHOICES } from "./durations";

/** The time-out lengths to pick from, as radios: the same choices in a room and everywhere. */
export function TimeoutDurationField({ seconds, onChange }: { seconds: number; onChange: (seconds: number) => void }) {
  const name = useId();
  return (
    <fieldset className="field radio-group">
      <legend>Duration</legend>
      {TIMEOUT_CHOICES.map((s) => (
        <label key={s} className="radio">
          <input type="radio" name={name} value={s} checked={seconds === s} onChange={() => onChange(s)} />
          <span>{durationLabel(s)}</span>
        </label>
      ))}
    </fieldset>
  );
}
