import { useId, useState, type FormEvent } from "react";
import type { ScheduledMessageDto } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { useSession } from "../chat/session";
import { SendTimeField } from "./SendTimeField";
import { fromLocalInput, inOneHour, sendTimeProblem, sendTimeText, toLocalInput } from "./sendTimes";

/** A conversation's scheduled messages: each with its time (local), Edit, Send now and Cancel; failed ones say why. */
export function ScheduledDialog({ items, onClose }: { items: ScheduledMessageDto[]; onClose: () => void }) {
  return (
    <Dialog label="Scheduled messages" onClose={onClose} className="wide scheduled-dialog">
      <div className="dialog-body">
        <ul className="scheduled-list" aria-label="Scheduled messages">
          {items.map((s) => <ScheduledItem key={s.id} item={s} />)}
          {items.length === 0 && <li className="muted">Nothing scheduled here.</li>}
        </ul>
      </div>
    </Dialog>
  );
}

function ScheduledItem({ item }: { item: ScheduledMessageDto }) {
  const { scheduled } = useSession();
  const [editing, setEditing] = useState(false);
  const failed = item.state === "failed";
  const sending = item.state === "sending";
  if (editing) return <li className="scheduled-item"><ScheduledEditor item={item} onDone={() => setEditing(false)} /></li>;
  return (
    <li className={`scheduled-item ${item.state}`}>
      <p className="scheduled-text">{item.text}</p>
      <p className="scheduled-when">
        {failed ? <span className="field-error">Not sent: {item.failureReason ?? item.failureCode}</span>
          : sending ? "Sending…"
          : <>Sends <time dateTime={item.sendAt}>{sendTimeText(new Date(item.sendAt), new Date())}</time></>}
      </p>
      {!sending && (
        <div className="scheduled-actions">
          <button type="button" onClick={() => setEditing(true)}>{failed ? "Reschedule" : "Edit"}</button>
          {!failed && <button type="button" onClick={() => void scheduled.sendNow(item.id)}>Send now</button>}
          <button type="button" className="danger" onClick={() => void scheduled.cancel(item.id)}>{failed ? "Dismiss" : "Cancel message"}</button>
        </div>
      )}
    </li>
  );
}

/** New text and/or time; only what changed is sent (a text edit moments before it is due still counts). */
function ScheduledEditor({ item, onDone }: { item: ScheduledMessageDto; onDone: () => void }) {
  const { scheduled } = useSession();
  const textId = useId();
  const failed = item.state === "failed";
  // A failed one needs a new time: an hour from now unless its own is still ahead.
  const [initial] = useState(() => {
    const own = new Date(item.sendAt);
    return toLocalInput(failed && own.getTime() <= Date.now() ? inOneHour(new Date()) : own);
  });
  const [text, setText] = useState(item.text);
  const [when, setWhen] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (text.trim() === "") return;
    const change: { text?: string; at?: Date } = {};
    if (text !== item.text) change.text = text;
    if (when !== initial || failed) {
      const at = fromLocalInput(when);
      const problem = sendTimeProblem(at, new Date());
      if (problem) return setError(problem);
      change.at = at!;
    }
    if ((change.text === undefined && !change.at) || await scheduled.edit(item.id, change)) onDone();
  }

  return (
    <form className="scheduled-editor" noValidate aria-label="Edit scheduled message" onSubmit={(e) => void save(e)}>
      <div className="field">
        <label htmlFor={textId}>Message</label>
        <textarea id={textId} rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={text.trim() === ""} autoFocus />
      </div>
      <SendTimeField value={when} onChange={(v) => {
        setWhen(v);
        setError(null);
      }} error={error} />
      <div className="scheduled-actions">
        <button type="button" onClick={onDone}>Discard changes</button>
        <button type="submit" className="primary" disabled={text.trim() === ""}>Save</button>
      </div>
    </form>
  );
}
