import { useRef, useState, type ReactNode } from "react";
import { errorText } from "../api/client";
import { PictureCropper } from "./PictureCropper";

interface Props {
  /** The current picture (an Avatar or RoomIcon). */
  preview: ReactNode;
  hasPicture: boolean;
  /** What the picture is of, for the buttons' names: "profile picture", "room icon". */
  what: string;
  onSave: (picture: Blob) => Promise<unknown>;
  onRemove: () => Promise<unknown>;
  /** Shown above the buttons (the user name). */
  children?: ReactNode;
}

/** The current picture with "Upload" and "Remove"; a chosen file is cropped square first, then saved at once. */
export function PictureField({ preview, hasPicture, what, onSave, onRemove, children }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  if (file) {
    return (
      <div className="picture-field cropping">
        <PictureCropper file={file} round={false} onCancel={() => setFile(null)} onSave={async (blob) => {
          try {
            await onSave(blob);
            setFile(null);
          } catch (e) {
            throw new Error(errorText(e));
          }
        }} />
      </div>
    );
  }
  return (
    <div className="picture-field">
      {preview}
      <div className="picture-field-actions">
        {children}
        <input ref={input} type="file" accept="image/png,image/jpeg,image/webp,image/gif" hidden tabIndex={-1} aria-hidden="true"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = "";
            if (f) {
              setError(null);
              setFile(f);
            }
          }} />
        <span className="picture-field-buttons">
        <button type="button" onClick={() => input.current?.click()} disabled={busy}>{hasPicture ? `Change ${what}` : `Upload ${what}`}</button>
        {hasPicture && (
          <button type="button" className="link danger-link" disabled={busy} onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onRemove();
            } catch (e) {
              setError(errorText(e));
            } finally {
              setBusy(false);
            }
          }}>Remove {what}</button>
        )}
        </span>
        {error && <div role="alert" className="field-error">{error}</div>}
      </div>
    </div>
  );
}
