/**
 * Square cropping of a picture (avatars, room icons): the crop is the largest centred square at zoom 1, smaller at
 * higher zoom; dragging moves it. All in the picture's own pixels; the square never leaves the picture.
 */
export interface Crop {
  /** Top-left corner and side of the square, in the picture's pixels. */
  x: number;
  y: number;
  size: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 4;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Number.isFinite(zoom) ? zoom : 1));
}

/** The square of side min(w, h)/zoom centred on (cx, cy) (the picture's centre by default), pushed back inside. */
export function squareCrop(width: number, height: number, zoom = 1, cx = width / 2, cy = height / 2): Crop {
  const size = Math.min(width, height) / clampZoom(zoom);
  const x = Math.min(width - size, Math.max(0, cx - size / 2));
  const y = Math.min(height - size, Math.max(0, cy - size / 2));
  return { x, y, size };
}

/** The crop after a zoom change, keeping its centre where it was (as far as the picture allows). */
export function zoomCrop(width: number, height: number, crop: Crop, zoom: number): Crop {
  return squareCrop(width, height, zoom, crop.x + crop.size / 2, crop.y + crop.size / 2);
}

/**
 * The crop after the pointer dragged the picture by (dx, dy) screen pixels in a preview `viewport` pixels wide:
 * the picture follows the pointer, so the square moves the other way.
 */
export function panCrop(width: number, height: number, crop: Crop, dx: number, dy: number, viewport: number): Crop {
  const scale = crop.size / viewport;
  const size = crop.size;
  const x = Math.min(width - size, Math.max(0, crop.x - dx * scale));
  const y = Math.min(height - size, Math.max(0, crop.y - dy * scale));
  return { x, y, size };
}

/** The zoom a crop stands for. */
export function zoomOf(width: number, height: number, crop: Crop): number {
  return Math.min(width, height) / crop.size;
}
