import { useRef } from "react";
import { createPortal } from "react-dom";
import type { FileDto } from "../../api/types";
import { useModal } from "../../components/useModal";
import { Icon } from "../../components/Icon";
import { downloadUrl, humanSize } from "../../lib/files";

interface Props {
  images: readonly FileDto[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}

/**
 * A picture at full size over a dark backdrop: a modal dialog (Esc, the backdrop or ✕ closes it; Tab stays inside;
 * focus goes back to the picture clicked). ←/→ move between the message's pictures.
 */
export function Lightbox({ images, index, onIndex, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useModal(ref, onClose);
  const f = images[index]!;
  const many = images.length > 1;
  const go = (d: number) => onIndex((index + d + images.length) % images.length);
  return createPortal(
    <div className="lightbox-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className="lightbox" role="dialog" aria-modal="true" aria-label={`Picture: ${f.name}`} tabIndex={-1}
        onMouseDown={(e) => e.target === e.currentTarget && onClose()}
        onKeyDown={(e) => {
          if (!many) return;
          if (e.key === "ArrowLeft") {
            e.preventDefault();
            go(-1);
          } else if (e.key === "ArrowRight") {
            e.preventDefault();
            go(1);
          }
        }}>
        <header className="lightbox-bar">
          <span className="lightbox-title">
            <strong title={f.name}>{f.name}</strong>
            <small>{many ? `${index + 1} of ${images.length} · ` : ""}{humanSize(f.size)}{f.width && f.height ? ` · ${f.width}×${f.height}` : ""}</small>
          </span>
          <a className="lightbox-button" href={downloadUrl(f.url)} download={f.name} aria-label={`Download ${f.name}`} title="Download">
            <Icon name="download" /> <span>Download</span>
          </a>
          <button type="button" className="lightbox-button" aria-label="Close" title="Close (Esc)" onClick={onClose} autoFocus>
            <Icon name="close" />
          </button>
        </header>
        <div className="lightbox-stage" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
          {many && (
            <button type="button" className="lightbox-nav prev" aria-label="Previous picture" title="Previous (←)" onClick={() => go(-1)}>
              <Icon name="chevronLeft" size={26} />
            </button>
          )}
          <img key={f.id} src={f.url} alt={f.name} className="lightbox-image" />
          {many && (
            <button type="button" className="lightbox-nav next" aria-label="Next picture" title="Next (→)" onClick={() => go(1)}>
              <Icon name="chevronRight" size={26} />
            </button>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}
