import type { LinkPreviewDto } from "../../api/types";

interface Props {
  previews: LinkPreviewDto[];
  /** Set for the sender: a button to hide the previews for everyone. */
  onRemove?: () => void;
}

/** The cards under a message: site, title (the link), description, and the image the server fetched. */
export function LinkPreviews({ previews, onRemove }: Props) {
  if (previews.length === 0) return null;
  return (
    <div className="link-previews">
      {previews.map((p) => (
        <section key={p.id} className="link-preview" aria-label={`Link preview: ${p.title ?? p.url}`}>
          <div className="link-preview-text">
            {p.siteName && <div className="link-preview-site">{p.siteName}</div>}
            <a className="link-preview-title" href={p.url} target="_blank" rel="noopener noreferrer">{p.title ?? p.url}</a>
            {p.description && <p className="link-preview-description">{p.description}</p>}
          </div>
          {p.imageUrl && <img className="link-preview-image" src={p.imageUrl} alt="" loading="lazy" />}
        </section>
      ))}
      {onRemove && (
        <button type="button" className="link link-previews-remove" onClick={onRemove}
          aria-label={previews.length === 1 ? "Remove preview" : "Remove previews"}>
          {previews.length === 1 ? "Remove preview" : "Remove previews"}
        </button>
      )}
    </div>
  );
}
