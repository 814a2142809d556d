import { NetworkError, problemError } from "./client";
import type { FileDto } from "./types";

/** What goes with an upload besides the file (see POST /api/files). */
export interface UploadExtras {
  width?: number;
  height?: number;
  durationMs?: number;
  /** A voice message recorded here: the server marks the file so every client shows a voice player. */
  voice?: boolean;
  /** A preview drawn in the browser (PNG, JPEG or WebP, at most 512 KB). */
  thumbnail?: Blob;
}

export interface UploadHandle {
  /** The stored file; rejects with ApiError (413, 429 …), NetworkError, or AbortError when cancelled. */
  done: Promise<FileDto>;
  abort: () => void;
}

export class UploadAborted extends Error {
  constructor() {
    super("Upload cancelled.");
    this.name = "AbortError";
  }
}

/**
 * POST /api/files with XMLHttpRequest, which (unlike fetch) reports upload progress. `onProgress(loaded, total)`
 * counts the whole request body, so it reaches total just before the server answers.
 */
export function uploadFile(file: Blob, name: string, extras: UploadExtras, onProgress: (loaded: number, total: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const form = new FormData();
  if (extras.width) form.append("width", String(Math.round(extras.width)));
  if (extras.height) form.append("height", String(Math.round(extras.height)));
  if (extras.durationMs !== undefined) form.append("durationMs", String(Math.max(0, Math.round(extras.durationMs))));
  if (extras.voice) form.append("voice", "1");
  if (extras.thumbnail) form.append("thumbnail", extras.thumbnail, "thumbnail");
  form.append("file", file, name);

  const done = new Promise<FileDto>((resolve, reject) => {
    xhr.open("POST", "/api/files");
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as FileDto);
        } catch {
          reject(new NetworkError("The server's answer could not be read."));
        }
      } else {
        reject(problemError(xhr.status, xhr.responseText, xhr.getResponseHeader("Retry-After")));
      }
    };
    xhr.onerror = () => reject(new NetworkError("Can't reach the server. Check your connection."));
    xhr.onabort = () => reject(new UploadAborted());
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
