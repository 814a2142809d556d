import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { useChatStore } from "../chat/useChat";

/** Jump to date: a day (and optionally a time) in your time zone; the timeline opens at the first message from then on. */
export function JumpToDateDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const store = useChatStore();
  const [day, setDay] = useState("");
  const [time, setTime] = useState("00:00");
  const [note, setNote] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!day) return;
    // Local time as typed; the server takes the instant.
    const at = new Date(`${day}T${time || "00:00"}`);
    if (Number.isNaN(at.getTime())) return;
    const found = await store.jumpToFirstAt(roomId, { time: at.toISOString() });
    if (found) onClose();
    else setNote("Nothing was written on or after that date; showing the latest messages.");
  }

  return (
    <Dialog label="Jump to date" onClose={onClose} className="jump-date-dialog">
      <form className="dialog-body" onSubmit={(e) => void submit(e)}>
        <label>Date <input type="date" required value={day} onChange={(e) => setDay(e.target.value)} autoFocus /></label>
        <label>Time <input type="time" value={time} onChange={(e) => setTime(e.target.value)} /></label>
        {note && <p role="status" className="muted">{note}</p>}
        <div className="dialog-footer">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Jump</button>
        </div>
      </form>
    </Dialog>
  );
}
