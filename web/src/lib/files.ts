import type { FileKind } from "../api/types";

/** A size as people read it: "0 bytes", "1 byte", "980 bytes", "1.5 KB", "12 MB", "1.2 GB" (1024-based, as the server's limits). */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  // One decimal below 10 (1.5 MB), none above (12 MB); never "1024 KB".
  let text = n < 10 ? (Math.round(n * 10) / 10).toString() : Math.round(n).toString();
  if (text === "1024" && i < units.length - 1) {
    text = "1";
    i++;
  }
  return `${text} ${units[i]}`;
}

/** A duration as a player shows it: 0:03, 1:05, 1:02:03. */
export function formatDuration(ms: number): string {
  // Whole seconds down, as players count (a 1.6 s clip is 0:01); anything audible is at least 0:01.
  const total = Number.isFinite(ms) && ms > 0 ? Math.max(1, Math.floor(ms / 1000)) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** How a file will likely be shown, guessed from its claimed type before the server has looked at the bytes. */
export function guessKind(mime: string): FileKind {
  if (/^image\/(png|jpeg|gif|webp|avif|bmp)$/i.test(mime)) return "image";
  if (/^video\//i.test(mime)) return "video";
  if (/^audio\//i.test(mime)) return "audio";
  return "file";
}

export interface Size {
  width: number;
  height: number;
}

/**
 * The largest size with the same aspect ratio that fits in max×max without growing (a thumbnail's size).
 * Never below 1×1.
 */
export function fitWithin(width: number, height: number, max: number): Size {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The box a picture gets in the timeline, reserved before it loads so nothing jumps: its aspect ratio, at most
 * maxWidth×maxHeight, never larger than the picture itself, and at least `min` on each side so a sliver stays
 * clickable (a very long strip is letterboxed inside its box).
 */
export function displayBox(width: number | null, height: number | null, maxWidth: number, maxHeight: number, min = 48): Size {
  if (!width || !height || width <= 0 || height <= 0) return { width: Math.min(maxWidth, 320), height: Math.min(maxHeight, 240) };
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return {
    width: Math.min(maxWidth, Math.max(min, Math.round(width * scale))),
    height: Math.min(maxHeight, Math.max(min, Math.round(height * scale))),
  };
}

/** A short icon label for a file card, from the name's extension or the type. */
export function fileBadge(name: string, contentType: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
  if (ext) return ext.toUpperCase();
  const sub = contentType.split("/")[1];
  return sub && sub !== "octet-stream" ? sub.slice(0, 4).toUpperCase() : "FILE";
}

/** Which family a file card's icon colour comes from. */
export function fileFamily(name: string, contentType: string): "pdf" | "archive" | "doc" | "sheet" | "code" | "media" | "other" {
  const ext = (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? "").toLowerCase();
  if (ext === "pdf" || contentType === "application/pdf") return "pdf";
  if (["zip", "gz", "tgz", "7z", "rar", "tar", "xz", "bz2", "zst"].includes(ext)) return "archive";
  if (["doc", "docx", "odt", "rtf", "txt", "md", "pages"].includes(ext)) return "doc";
  if (["xls", "xlsx", "ods", "csv", "tsv", "numbers"].includes(ext)) return "sheet";
  if (["js", "ts", "tsx", "json", "cs", "py", "go", "rs", "java", "c", "h", "cpp", "sh", "html", "css", "xml", "yml", "yaml", "sql"].includes(ext)) return "code";
  if (/^(image|video|audio)\//.test(contentType)) return "media";
  return "other";
}

/** Where "Download" points: the content as an attachment (never shown inline). */
export function downloadUrl(url: string): string {
  return url + (url.includes("?") ? "&" : "?") + "download=true";
}

/** A name for a pasted picture that came without one ("image.png" from the clipboard). */
export function pastedName(type: string, now: Date = new Date()): string {
  const ext = type === "image/jpeg" ? "jpg" : (type.split("/")[1] ?? "bin").replace(/[^a-z0-9]/gi, "") || "bin";
  const p = (n: number) => String(n).padStart(2, "0");
  return `Pasted image ${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}.${p(now.getMinutes())}.${p(now.getSeconds())}.${ext}`;
}
