import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { MessageVersionDto } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { exactTime } from "../../lib/days";

/** Edit history: every text the message has had, oldest first (GET /api/messages/{id}/versions). Shown as plain text. */
export function VersionsDialog({ messageId, onClose }: { messageId: string; onClose: () => void }) {
  const [versions, setVersions] = useState<MessageVersionDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.versions(messageId).then((v) => live && setVersions(v), (e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [messageId]);

  return (
    <Dialog label="Edit history" onClose={onClose} className="versions-dialog">
      <div className="dialog-body">
        {error && <div role="alert" className="alert">{error}</div>}
        <ol className="version-list" aria-busy={versions === null}>
          {(versions ?? []).map((v) => (
            <li key={v.version} className="version-item">
              <span className="muted">
                {v.version === 1 ? "Original" : `Edit ${v.version - 1}`}{v.current ? " (current)" : ""} · <time dateTime={v.editedAt}>{exactTime(v.editedAt)}</time>
              </span>
              <p className="version-text">{v.text}</p>
            </li>
          ))}
        </ol>
      </div>
    </Dialog>
  );
}
