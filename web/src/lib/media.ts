import type { UploadExtras } from "../api/upload";
import { fitWithin } from "./files";
import type { Crop } from "./crop";

/** Longest side of a thumbnail drawn for the timeline. */
export const THUMBNAIL_MAX = 480;
/** The server keeps thumbnails up to this size (Parley:Files:MaxThumbnailBytes). */
export const THUMBNAIL_MAX_BYTES = 512 * 1024;

function canvasBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/**
 * A picture drawn into a canvas of the given size, as WebP (quality 0.8; keeps transparency), or JPEG where the
 * browser can't write WebP and the picture is opaque, else PNG.
 */
export async function drawToBlob(source: CanvasImageSource, sx: number, sy: number, sw: number, sh: number, width: number, height: number,
  opaque: boolean): Promise<Blob | null> {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(source, sx, sy, sw, sh, 0, 0, width, height);
  const webp = await canvasBlob(canvas, "image/webp", 0.8);
  if (webp?.type === "image/webp") return webp;
  return opaque ? canvasBlob(canvas, "image/jpeg", 0.8) : canvasBlob(canvas, "image/png");
}

/** Measures what a file holds and draws a thumbnail for it, best effort: anything that fails is left out. */
export async function describeFile(file: Blob): Promise<UploadExtras> {
  try {
    if (/^image\/(png|jpeg|webp|avif|bmp)$/i.test(file.type)) return await describeImage(file);
    if (file.type === "image/gif") return await describeImage(file, false); // a still would stop the animation
    if (file.type.startsWith("video/")) return await describeVideo(file);
    if (file.type.startsWith("audio/")) return await describeAudio(file);
  } catch {
    // An unreadable file is still uploaded; the server decides what it is.
  }
  return {};
}

async function describeImage(file: Blob, thumbnail = true): Promise<UploadExtras> {
  const bitmap = await createImageBitmap(file);
  try {
    const extras: UploadExtras = { width: bitmap.width, height: bitmap.height };
    if (thumbnail && Math.max(bitmap.width, bitmap.height) > THUMBNAIL_MAX) {
      const t = fitWithin(bitmap.width, bitmap.height, THUMBNAIL_MAX);
      const blob = await drawToBlob(bitmap, 0, 0, bitmap.width, bitmap.height, t.width, t.height, file.type === "image/jpeg");
      if (blob && blob.size <= THUMBNAIL_MAX_BYTES) extras.thumbnail = blob;
    }
    return extras;
  } finally {
    bitmap.close();
  }
}

function withElement<T>(tag: "video" | "audio", file: Blob, run: (el: HTMLMediaElement, done: (v: T) => void, fail: () => void) => void, timeoutMs = 8000): Promise<T> {
  const url = URL.createObjectURL(file);
  const el = document.createElement(tag);
  el.preload = "metadata";
  el.muted = true;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
    run(el, (v) => {
      clearTimeout(timer);
      resolve(v);
    }, () => {
      clearTimeout(timer);
      reject(new Error("unreadable"));
    });
    el.src = url;
  }).finally(() => {
    el.removeAttribute("src");
    el.load();
    URL.revokeObjectURL(url);
  });
}

const finiteMs = (seconds: number) => (Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : undefined);

function describeVideo(file: Blob): Promise<UploadExtras> {
  return withElement<UploadExtras>("video", file, (el, done, fail) => {
    const v = el as HTMLVideoElement;
    const extras: UploadExtras = {};
    v.onerror = fail;
    v.onloadedmetadata = () => {
      extras.width = v.videoWidth || undefined;
      extras.height = v.videoHeight || undefined;
      extras.durationMs = finiteMs(v.duration);
      if (!v.videoWidth) return done(extras);
      // A poster: a frame a little way in (the very first is often black).
      v.currentTime = Number.isFinite(v.duration) ? Math.min(1, v.duration / 3) : 0;
    };
    v.onseeked = async () => {
      const t = fitWithin(v.videoWidth, v.videoHeight, THUMBNAIL_MAX);
      const blob = await drawToBlob(v, 0, 0, v.videoWidth, v.videoHeight, t.width, t.height, true).catch(() => null);
      if (blob && blob.size <= THUMBNAIL_MAX_BYTES) extras.thumbnail = blob;
      done(extras);
    };
  });
}

function describeAudio(file: Blob): Promise<UploadExtras> {
  return withElement<UploadExtras>("audio", file, (el, done, fail) => {
    el.onerror = fail;
    el.onloadedmetadata = () => done({ durationMs: finiteMs(el.duration) });
  });
}

/** Loads a picture the person chose (for cropping). */
export async function loadBitmap(file: Blob): Promise<ImageBitmap> {
  return createImageBitmap(file);
}

/** The square `crop` of a picture, scaled to size×size (256 for avatars and icons). */
export function cropToBlob(source: CanvasImageSource, crop: Crop, size = 256): Promise<Blob | null> {
  return drawToBlob(source, crop.x, crop.y, crop.size, crop.size, size, size, false);
}
