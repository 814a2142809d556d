import type { StagedUpload } from "../../lib/uploads";
import { percent } from "../../lib/uploads";
import { fileBadge, formatDuration, humanSize } from "../../lib/files";
import { Icon } from "../../components/Icon";

interface Props {
  items: readonly StagedUpload[];
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
}

function statusText(u: StagedUpload): string {
  switch (u.status) {
    case "preparing": return "Preparing…";
    case "uploading": return `${percent(u)}%`;
    case "done": return humanSize(u.file?.size ?? u.size);
    case "failed": return "Failed";
  }
}

/** Files staged above the composer: a preview, the name (as text), progress, and remove (cancels) or retry. */
export function StagedFiles({ items, onRemove, onRetry }: Props) {
  if (items.length === 0) return null;
  return (
    <ul className="staged" aria-label="Attachments">
      {items.map((u) => {
        const label = u.voice ? `Voice message, ${formatDuration(u.durationMs ?? 0)}` : u.name;
        return (
          <li key={u.key} className={`staged-file ${u.status}`} data-status={u.status}>
            <span className="staged-preview" aria-hidden="true">
              {u.previewUrl ? <img src={u.previewUrl} alt="" /> : u.voice ? <Icon name="mic" size={18} /> : <span className="file-badge">{fileBadge(u.name, u.type)}</span>}
            </span>
            <span className="staged-info">
              <span className="staged-name" title={u.name}>{label}</span>
              <span className="staged-meta">{u.status === "uploading" || u.status === "preparing" ? `${humanSize(u.size)} · ${statusText(u)}` : statusText(u)}</span>
              {(u.status === "uploading" || u.status === "preparing") && (
                <span className="progress" role="progressbar" aria-label={`Uploading ${label}`} aria-valuemin={0} aria-valuemax={100}
                  aria-valuenow={percent(u)}>
                  <span className="progress-fill" style={{ width: `${percent(u)}%` }} />
                </span>
              )}
              {u.status === "failed" && <span className="staged-error" role="alert">{u.error}</span>}
            </span>
            {u.status === "failed" && (
              <button type="button" className="icon-button" aria-label={`Retry ${label}`} title="Retry" onClick={() => onRetry(u.key)}>
                <Icon name="retry" size={16} />
              </button>
            )}
            <button type="button" className="icon-button staged-remove" aria-label={`Remove ${label}`}
              title={u.status === "uploading" ? "Cancel upload" : "Remove"} onClick={() => onRemove(u.key)}>
              <Icon name="close" size={16} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
