import { api, ApiError, errorText } from "../../api/client";
import type { FileDto, Guid, MessageDto } from "../../api/types";
import { uploadFile, UploadAborted, type UploadHandle } from "../../api/upload";
import * as uploads from "../../lib/uploads";
import { describeFile } from "../../lib/media";
import { guessKind } from "../../lib/files";
import type { ChatStateCell, FileToStage } from "./chatState";

export interface UploadsContext {
  notify(notice: string): void;
  send(roomId: Guid, text: string, replyTo: MessageDto | null, files: FileDto[]): void;
  /** An upload was refused for the session: check whether it ended. */
  checkSession(): void;
  isDisposed(): boolean;
}

/** Attachments staged above each room's composer (`state.uploads`): uploading, retry, cancel, send with a caption. */
export class StagedUploads {
  /** Staged uploads' files and requests, by key (kept for retry and cancel). */
  private readonly jobs = new Map<string, { roomId: Guid; file: Blob; voice?: { durationMs: number }; autoSend: boolean; handle: UploadHandle | null }>();
  private counter = 0;

  constructor(private readonly cell: ChatStateCell, private readonly ctx: UploadsContext) {}

  /** Aborts every running upload (the store is disposed). */
  abortAll(): void {
    for (const job of this.jobs.values()) job.handle?.abort();
  }

  private setUploads(roomId: Guid, list: uploads.StagedUpload[]): void {
    if (this.cell.get().uploads[roomId] === list) return;
    const next = { ...this.cell.get().uploads };
    if (list.length) next[roomId] = list;
    else delete next[roomId];
    this.cell.set({ uploads: next });
  }

  private changeUploads(roomId: Guid, change: (l: uploads.StagedUpload[]) => uploads.StagedUpload[]): void {
    this.setUploads(roomId, change(this.cell.get().uploads[roomId] ?? []));
  }

  /** Stages files above the room's composer and uploads them at once, several in parallel. */
  addFiles(roomId: Guid, files: FileToStage[]): void {
    if (files.length === 0) return;
    const items = files.map((f) => {
      const key = `u${++this.counter}`;
      const kind = guessKind(f.file.type);
      return {
        key, name: f.name, size: f.file.size, type: f.file.type, kind, voice: !!f.voice, durationMs: f.voice?.durationMs ?? null,
        previewUrl: kind === "image" && f.file.size < 30 * 1024 * 1024 ? URL.createObjectURL(f.file) : null,
        source: f,
      };
    });
    const r = uploads.stage(this.cell.get().uploads[roomId] ?? [], items);
    this.setUploads(roomId, r.list);
    items.forEach((item, i) => {
      if (i >= items.length - r.refused) {
        if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
        return;
      }
      this.jobs.set(item.key, { roomId, file: item.source.file, voice: item.source.voice, autoSend: !!item.source.autoSend, handle: null });
      void this.run(roomId, item.key, item.name);
    });
    if (r.refused > 0) this.ctx.notify(`A message can carry at most ${uploads.MAX_FILES} files; ${r.refused === 1 ? "one was" : `${r.refused} were`} left out.`);
  }

  private async run(roomId: Guid, key: string, name: string): Promise<void> {
    const job = this.jobs.get(key);
    if (!job) return;
    const extras = await describeFile(job.file);
    if (job.voice) { extras.durationMs = job.voice.durationMs; extras.voice = true; }
    if (this.jobs.get(key) !== job || this.ctx.isDisposed()) return; // removed meanwhile
    const handle = uploadFile(job.file, name, extras, (loaded, total) => this.changeUploads(roomId, (l) => uploads.progressed(l, key, loaded, total)));
    job.handle = handle;
    this.changeUploads(roomId, (l) => uploads.started(l, key));
    try {
      const file = await handle.done;
      if (this.jobs.get(key) !== job) {
        void api.deleteFile(file.id).catch(() => undefined); // cancelled as it finished
        return;
      }
      if (job.autoSend) {
        // A voice message goes out by itself, without the caption being typed.
        this.jobs.delete(key);
        const staged = this.cell.get().uploads[roomId]?.find((u) => u.key === key);
        if (staged?.previewUrl) URL.revokeObjectURL(staged.previewUrl);
        this.changeUploads(roomId, (l) => uploads.removed(l, key));
        this.ctx.send(roomId, "", null, [file]);
        return;
      }
      this.changeUploads(roomId, (l) => uploads.succeeded(l, key, file));
    } catch (e) {
      if (e instanceof UploadAborted || this.jobs.get(key) !== job) return;
      if (e instanceof ApiError && e.isUnauthorized) this.ctx.checkSession();
      this.changeUploads(roomId, (l) => uploads.failed(l, key, errorText(e)));
    } finally {
      job.handle = null;
    }
  }

  retryUpload(roomId: Guid, key: string): void {
    const u = this.cell.get().uploads[roomId]?.find((x) => x.key === key);
    if (!u || u.status !== "failed") return;
    this.changeUploads(roomId, (l) => uploads.retried(l, key));
    void this.run(roomId, key, u.name);
  }

  /** Removes a staged file: a running upload is aborted, a finished one deleted on the server. */
  removeUpload(roomId: Guid, key: string): void {
    const u = this.cell.get().uploads[roomId]?.find((x) => x.key === key);
    const job = this.jobs.get(key);
    this.jobs.delete(key);
    job?.handle?.abort();
    if (u?.file) void api.deleteFile(u.file.id).catch(() => undefined);
    if (u?.previewUrl) URL.revokeObjectURL(u.previewUrl);
    this.changeUploads(roomId, (l) => uploads.removed(l, key));
  }

  /** Sends the room's finished uploads with the caption as one message, and clears them from the composer. */
  sendWithUploads(roomId: Guid, text: string, replyTo: MessageDto | null): boolean {
    const all = this.cell.get().uploads[roomId] ?? [];
    const staged = uploads.attachments(all);
    if (!uploads.canSend(staged, text)) return false;
    const files = uploads.readyFiles(staged);
    this.ctx.send(roomId, text, replyTo, files);
    for (const u of staged) {
      this.jobs.delete(u.key);
      if (u.previewUrl) URL.revokeObjectURL(u.previewUrl);
    }
    this.setUploads(roomId, all.filter((u) => u.voice));
    return true;
  }
}
