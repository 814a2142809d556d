import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { MenuButton } from "../../components/Menu";
import { SendTimeField } from "./SendTimeField";
import { fromLocalInput, inOneHour, sendTimeProblem, toLocalInput, tomorrowAt } from "./sendTimes";

interface Props {
  /** Nothing to schedule (no text, files staged, too long). */
  disabled: boolean;
  title: string;
  onPick: (at: Date) => void;
}

const hhmm = (at: Date) => at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** "Send later" beside Send: in 1 hour, tomorrow at 9:00, or a time of one's own choosing. */
export function ScheduleMenu({ disabled, title, onPick }: Props) {
  const [custom, setCustom] = useState(false);
  const now = new Date();
  return (
    <>
      <MenuButton label="Schedule message" title={title} button={<Icon name="clock" size={20} />} buttonClassName="icon-button"
        placement="up-end" disabled={disabled} items={[
          // Times are taken when picked (the labels show them as of opening).
          { key: "hour", label: <>In 1 hour <span className="menu-hint">{hhmm(inOneHour(now))}</span></>, onSelect: () => onPick(inOneHour(new Date())) },
          { key: "morning", label: <>Tomorrow at 9:00 <span className="menu-hint">{tomorrowAt(now).toLocaleDateString([], { weekday: "short" })}</span></>,
            onSelect: () => onPick(tomorrowAt(new Date())) },
          { key: "custom", label: "Custom time…", onSelect: () => setCustom(true) },
        ]} />
      {custom && <CustomTimeDialog onClose={() => setCustom(false)} onPick={(at) => {
        setCustom(false);
        onPick(at);
      }} />}
    </>
  );
}

function CustomTimeDialog({ onClose, onPick }: { onClose: () => void; onPick: (at: Date) => void }) {
  const [value, setValue] = useState(() => toLocalInput(inOneHour(new Date())));
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    // React carries events through the portal: the composer's own form (this dialog's parent there) must not send.
    e.stopPropagation();
    const at = fromLocalInput(value);
    const problem = sendTimeProblem(at, new Date());
    if (problem) setError(problem);
    else onPick(at!);
  }

  return (
    <Dialog label="Schedule message" onClose={onClose} className="schedule-dialog">
      {/* Checked here (a time with seconds is fine), not by the browser's step rule. */}
      <form className="dialog-body" noValidate onSubmit={submit}>
        <SendTimeField value={value} onChange={(v) => {
          setValue(v);
          setError(null);
        }} error={error} />
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Schedule</button>
        </div>
      </form>
    </Dialog>
  );
}
