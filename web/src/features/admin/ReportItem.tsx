import { useId, useState } from "react";
import type { ReportDto } from "../../api/types";
import { RelativeTime } from "../../components/RelativeTime";
import { plainPreview } from "../../lib/markdown";
import { navigateToRoom } from "../chat/route";
import { useChatSelector, useChatStore } from "../chat/useChat";

interface Props {
  report: ReportDto;
  busy: boolean;
  onHandle: (how: "resolve" | "dismiss", note: string) => void;
}

/** One report: the message as it was, where, who reported it and why; a link to the message; resolve or dismiss. */
export function ReportItem({ report: r, busy, onHandle }: Props) {
  const store = useChatStore();
  const joined = useChatSelector((s) => !!s.summaries[r.room.id]);
  const [note, setNote] = useState("");
  const id = useId();
  const open = () => {
    navigateToRoom(r.room.id);
    void store.jumpTo(r.room.id, r.message.id, r.message.seq);
  };
  return (
    <li className="admin-report" aria-labelledby={`${id}-title`} data-testid={`report-${r.id}`}>
      <h3 id={`${id}-title`}>
        Report on a message by {r.message.sender?.displayName || r.message.sender?.userName || "someone"} in #{r.room.name} <span className="muted small">· <RelativeTime iso={r.createdAt} /></span>
      </h3>
      <blockquote className="admin-report-message">{r.message.deleted ? <em>Removed</em> : plainPreview(r.message.text, 500) || <em>Attachment</em>}</blockquote>
      <p><strong>Reason:</strong> {r.reason}</p>
      {r.reporter && <p className="muted small">Reported by {r.reporter.displayName} (@{r.reporter.userName})</p>}
      {r.handledBy && <p className="muted small">{r.state === "resolved" ? "Resolved" : "Dismissed"} by {r.handledBy.displayName}{r.note && <>: {r.note}</>}</p>}
      <div className="admin-actions">
        {joined
          ? <button type="button" className="link" onClick={open}>Go to message</button>
          : <span className="muted small">You are not in #{r.room.name}; open it from the Rooms tab or join it.</span>}
      </div>
      {r.state === "open" && (
        <div className="admin-report-handle">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <input id={`${id}-note`} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          <button type="button" className="primary" disabled={busy} onClick={() => onHandle("resolve", note.trim())}>Resolve</button>
          <button type="button" disabled={busy} onClick={() => onHandle("dismiss", note.trim())}>Dismiss</button>
        </div>
      )}
    </li>
  );
}
