import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { clampZoom, MAX_ZOOM, MIN_ZOOM, panCrop, squareCrop, zoomCrop, zoomOf, type Crop } from "../lib/crop";
import { cropToBlob, loadBitmap } from "../lib/media";

interface Props {
  file: Blob;
  /** Saves the square picture (256×256); rejects with a readable error. */
  onSave: (picture: Blob) => Promise<void>;
  onCancel: () => void;
  round?: boolean;
}

const PREVIEW = 200;

/**
 * Picks the square part of a picture: the largest centred square to start with, a zoom slider, and dragging (or the
 * arrow keys on the preview) to move it. The result is drawn at 256×256 in the browser and only that is uploaded.
 */
export function PictureCropper({ file, onSave, onCancel, round }: Props) {
  const [bitmap, setBitmap] = useState<ImageBitmap | null>(null);
  const [crop, setCrop] = useState<Crop | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let loaded: ImageBitmap | null = null;
    loadBitmap(file).then((b) => {
      loaded = b;
      if (cancelled) return b.close();
      setBitmap(b);
      setCrop(squareCrop(b.width, b.height));
    }).catch(() => !cancelled && setError("That file is not a picture this browser can read. Choose a PNG, JPEG, WebP or GIF."));
    return () => {
      cancelled = true;
      loaded?.close();
    };
  }, [file]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || !bitmap || !crop) return;
    const scale = window.devicePixelRatio || 1;
    c.width = PREVIEW * scale;
    c.height = PREVIEW * scale;
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.imageSmoothingQuality = "high";
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.drawImage(bitmap, crop.x, crop.y, crop.size, crop.size, 0, 0, c.width, c.height);
  }, [bitmap, crop]);

  const w = bitmap?.width ?? 1;
  const h = bitmap?.height ?? 1;
  const zoom = crop ? zoomOf(w, h, crop) : 1;

  function onPointerDown(e: PointerEvent<HTMLCanvasElement>) {
    drag.current = { x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
  }
  function onPointerMove(e: PointerEvent<HTMLCanvasElement>) {
    if (!drag.current || !crop) return;
    const dx = e.clientX - drag.current.x;
    const dy = e.clientY - drag.current.y;
    drag.current = { x: e.clientX, y: e.clientY };
    setCrop(panCrop(w, h, crop, dx, dy, PREVIEW));
  }
  function onKeyDown(e: KeyboardEvent<HTMLCanvasElement>) {
    if (!crop) return;
    const step = e.shiftKey ? 40 : 10;
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      setCrop(panCrop(w, h, crop, m[0], m[1], PREVIEW));
    } else if (e.key === "+" || e.key === "=") {
      e.preventDefault();
      setCrop(zoomCrop(w, h, crop, clampZoom(zoom + 0.25)));
    } else if (e.key === "-") {
      e.preventDefault();
      setCrop(zoomCrop(w, h, crop, clampZoom(zoom - 0.25)));
    }
  }

  async function save() {
    if (!bitmap || !crop) return;
    setBusy(true);
    setError(null);
    try {
      const blob = await cropToBlob(bitmap, crop, 256);
      if (!blob) throw new Error("The picture could not be drawn.");
      await onSave(blob);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The picture could not be saved.");
      setBusy(false);
    }
  }

  return (
    <div className="cropper">
      {error && <div role="alert" className="alert">{error}</div>}
      {bitmap && crop ? (
        <>
          <div className={`cropper-frame ${round ? "round" : ""}`}>
            <canvas ref={canvas} className="cropper-canvas" tabIndex={0} role="img"
              aria-label="Picture preview. Drag or use the arrow keys to move it, + and - to zoom."
              onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={() => (drag.current = null)}
              onPointerCancel={() => (drag.current = null)} onKeyDown={onKeyDown} />
          </div>
          <label className="cropper-zoom">
            <span>Zoom</span>
            <input type="range" min={MIN_ZOOM} max={MAX_ZOOM} step={0.01} value={zoom}
              onChange={(e) => setCrop(zoomCrop(w, h, crop, Number(e.target.value)))} />
          </label>
        </>
      ) : !error && <p className="muted">Loading the picture…</p>}
      <div className="dialog-footer">
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
        <button type="button" className="primary" onClick={() => void save()} disabled={busy || !crop}>{busy ? "Saving…" : "Use this picture"}</button>
      </div>
    </div>
  );
}
