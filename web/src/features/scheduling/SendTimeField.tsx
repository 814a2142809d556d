import { TextField } from "../../components/TextField";
import { fromLocalInput, sendTimeText, toLocalInput } from "./sendTimes";

interface Props {
  /** A datetime-local value (the viewer's time zone). */
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** When to send: a date and time in the viewer's time zone, read back as words ("Sends tomorrow at 09:00"). */
export function SendTimeField({ value, onChange, error }: Props) {
  const now = new Date();
  const at = fromLocalInput(value);
  return (
    <TextField label="Send at" type="datetime-local" value={value} min={toLocalInput(new Date(now.getTime() - now.getSeconds() * 1000))}
      onChange={(e) => onChange(e.target.value)} errors={error ? [error] : []}
      hint={at ? `Sends ${sendTimeText(at, now)} (${zone()} time)` : `Your time zone: ${zone()}`} />
  );
}
