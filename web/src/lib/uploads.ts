import type { FileDto, FileKind } from "../api/types";

/**
 * Attachments staged above the composer, per room, until the message that carries them is sent.
 * preparing (measuring, drawing a thumbnail) → uploading (progress) → done (the server's FileDto) | failed (error)
 * failed → (retry) preparing … ; removing one at any point cancels it (the caller aborts or deletes the upload).
 * Pure: every function returns a new list (or the same one when nothing changed).
 */
export type UploadStatus = "preparing" | "uploading" | "done" | "failed";

export interface StagedUpload {
  key: string;
  name: string;
  size: number;
  /** The type the browser claims (the server decides from the bytes). */
  type: string;
  kind: FileKind;
  status: UploadStatus;
  loaded: number;
  total: number;
  error: string | null;
  /** Set once uploaded. */
  file: FileDto | null;
  /** An object URL for a picture's preview in the chip. */
  previewUrl: string | null;
  /** A recorded voice message (shown as such, sent with its duration). */
  voice: boolean;
  durationMs: number | null;
}

/** The most files one message may carry (Parley:Files:MaxFilesPerMessage). */
export const MAX_FILES = 10;

export type NewUpload = Pick<StagedUpload, "key" | "name" | "size" | "type" | "kind"> & Partial<Pick<StagedUpload, "previewUrl" | "voice" | "durationMs">>;

/** Adds files, as many as still fit in one message; the rest are refused (counted). */
export function stage(list: readonly StagedUpload[], items: readonly NewUpload[]): { list: StagedUpload[]; refused: number } {
  const room = Math.max(0, MAX_FILES - list.length);
  const taken = items.slice(0, room).map((i): StagedUpload => ({
    previewUrl: null, voice: false, durationMs: null, ...i,
    status: "preparing", loaded: 0, total: i.size, error: null, file: null,
  }));
  return { list: [...list, ...taken], refused: items.length - taken.length };
}

function update(list: readonly StagedUpload[], key: string, change: (u: StagedUpload) => StagedUpload): StagedUpload[] {
  let changed = false;
  const next = list.map((u) => {
    if (u.key !== key) return u;
    const c = change(u);
    if (c !== u) changed = true;
    return c;
  });
  return changed ? next : (list as StagedUpload[]);
}

export function started(list: readonly StagedUpload[], key: string): StagedUpload[] {
  return update(list, key, (u) => (u.status === "preparing" ? { ...u, status: "uploading", loaded: 0, error: null } : u));
}

/** Progress of the request body; `total` includes the form's overhead, so the fraction is what counts. */
export function progressed(list: readonly StagedUpload[], key: string, loaded: number, total: number): StagedUpload[] {
  return update(list, key, (u) => {
    if (u.status !== "uploading" || total <= 0) return u;
    const l = Math.min(total, Math.max(u.loaded, loaded));
    return l === u.loaded && total === u.total ? u : { ...u, loaded: l, total };
  });
}

export function succeeded(list: readonly StagedUpload[], key: string, file: FileDto): StagedUpload[] {
  return update(list, key, (u) => (u.status === "uploading" || u.status === "preparing"
    ? { ...u, status: "done", file, loaded: u.total, error: null }
    : u));
}

export function failed(list: readonly StagedUpload[], key: string, error: string): StagedUpload[] {
  return update(list, key, (u) => (u.status === "done" ? u : { ...u, status: "failed", error, loaded: 0 }));
}

/** Back to the start, for another try. */
export function retried(list: readonly StagedUpload[], key: string): StagedUpload[] {
  return update(list, key, (u) => (u.status === "failed" ? { ...u, status: "preparing", error: null, loaded: 0 } : u));
}

export function removed(list: readonly StagedUpload[], key: string): StagedUpload[] {
  const next = list.filter((u) => u.key !== key);
  return next.length === list.length ? (list as StagedUpload[]) : next;
}

/** The files that go with the next message: voice messages are sent on their own and don't wait for it. */
export function attachments(list: readonly StagedUpload[]): StagedUpload[] {
  return list.filter((u) => !u.voice);
}

/** 0–100 for a progress bar. */
export function percent(u: StagedUpload): number {
  if (u.status === "done") return 100;
  if (u.status !== "uploading" || u.total <= 0) return 0;
  return Math.min(100, Math.floor((u.loaded / u.total) * 100));
}

export function isBusy(list: readonly StagedUpload[]): boolean {
  return list.some((u) => u.status === "preparing" || u.status === "uploading");
}

export function hasFailed(list: readonly StagedUpload[]): boolean {
  return list.some((u) => u.status === "failed");
}

/** The uploaded files, in the order they were added (the order the message shows them). */
export function readyFiles(list: readonly StagedUpload[]): FileDto[] {
  return list.filter((u) => u.status === "done" && u.file).map((u) => u.file!);
}

/**
 * Whether the message can go: nothing still uploading, no failed file left (retry or remove it), and something to
 * send (text, or at least one file).
 */
export function canSend(list: readonly StagedUpload[], text: string): boolean {
  if (isBusy(list) || hasFailed(list)) return false;
  return text.trim() !== "" || readyFiles(list).length > 0;
}

/** Why the send button is off, for its title and a hint under the composer; null when it is on. */
export function sendBlockedReason(list: readonly StagedUpload[]): string | null {
  if (isBusy(list)) return "Wait for the uploads to finish.";
  if (hasFailed(list)) return "Retry or remove the files that failed.";
  return null;
}
