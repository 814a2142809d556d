import { parseHubError } from "../../api/errorCodes";
import type { CreatePollRequest, FileDto, Guid, MessageDto } from "../../api/types";
import * as outbox from "../../lib/outbox";
import type { ChatConnection } from "../../realtime/connection";
import type { ChatStateCell } from "./chatState";
import { saveOutbox } from "./outboxStorage";

export interface OutboxContext {
  /** The acknowledged message, to apply like a MessageCreated event. */
  acknowledged(m: MessageDto): void;
  /** A send was refused with session_ended: check whether the session is over. */
  checkSession(): void;
  isDisposed(): boolean;
  /** The session is over: the outbox is no longer kept. */
  isEnded(): boolean;
}

/** Where a thread reply goes: its root, and whether the room's timeline shows it too. */
export interface ThreadTarget {
  rootId: Guid;
  alsoToRoom: boolean;
}

/** The optimistic outbox (`state.outbox`, kept per tab): queues, sends in order while connected, retries, settles. */
export class OutboxSender {
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly cell: ChatStateCell, private readonly connection: ChatConnection, private readonly ctx: OutboxContext) {}

  private get box(): outbox.Outbox {
    return this.cell.get().outbox;
  }

  private put(box: outbox.Outbox): void {
    if (!this.ctx.isEnded()) saveOutbox(this.cell.get().me.id, box);
    this.cell.set({ outbox: box });
  }

  /**
   * Queues a message; `files` are uploads already done (their ids go with it); `poll` makes it a poll; `thread` makes
   * it a reply in that thread. Returns its client message id.
   */
  send(roomId: Guid, text: string, replyTo: MessageDto | null, files: FileDto[] = [], poll?: CreatePollRequest, thread?: ThreadTarget): string {
    const m = {
      clientMessageId: outbox.newClientMessageId(), roomId, senderId: this.cell.get().me.id, text,
      replyToId: replyTo?.id ?? null, files, ...(poll ? { poll } : {}),
      ...(thread ? { threadRootId: thread.rootId, alsoToRoom: thread.alsoToRoom } : {}),
      replyTo: replyTo ? { id: replyTo.id, seq: replyTo.seq, senderId: replyTo.senderId, text: replyTo.text, deleted: false } : null,
      createdAt: new Date().toISOString(),
    };
    this.put(outbox.enqueue(this.box, m));
    void this.flush();
    return m.clientMessageId;
  }

  retry(clientMessageId: string): void {
    this.put(outbox.retry(this.box, clientMessageId));
    void this.flush();
  }

  discard(clientMessageId: string): void {
    this.put(outbox.remove(this.box, clientMessageId));
  }

  /** Messages the server has (from any source): their pending copies go. */
  settle(messages: readonly MessageDto[]): void {
    const next = outbox.settle(this.box, messages, this.cell.get().me.id);
    if (next !== this.box) this.put(next);
  }

  /** Stops the retry timer (the store is disposed). */
  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Sends queued messages one by one, in order, while connected. */
  async flush(): Promise<void> {
    if (this.flushing || this.ctx.isDisposed()) return;
    this.flushing = true;
    try {
      for (;;) {
        // The browser says it is offline: the hub may not have noticed yet (a silent socket), so nothing is sent into it.
        if (!this.connection.isConnected || this.cell.get().online === false) return;
        const next = outbox.readyToSend(this.box, Date.now())[0];
        if (!next) return this.scheduleResend();
        const id = next.clientMessageId;
        this.put(outbox.markSending(this.box, id));
        try {
          const fileIds = (next.files ?? []).map((f) => f.id);
          const ack = await this.connection.sendMessage(next.roomId, {
            clientMessageId: id, text: next.text, replyToId: next.replyToId, ...(fileIds.length ? { fileIds } : {}),
            ...(next.poll ? { poll: next.poll } : {}),
            ...(next.threadRootId ? { threadRootId: next.threadRootId, alsoToRoom: next.alsoToRoom ?? false } : {}),
          });
          this.ctx.acknowledged(ack);
          // The ack may come for a message we already had (a repeat): settle anyway.
          this.put(outbox.remove(this.box, id));
        } catch (e) {
          const text = e instanceof Error ? e.message : String(e);
          if (outbox.isConnectionError(text) || !this.connection.isConnected) {
            this.put(outbox.markQueued(this.box, id));
            return;
          }
          const code = parseHubError(text)?.code ?? null;
          if (code === "session_ended") this.ctx.checkSession();
          const error = outbox.hubErrorText(text);
          this.put(outbox.isPassingRefusal(text) ? outbox.markDeferred(this.box, id, text, Date.now()) : outbox.markFailed(this.box, id, error, code));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Wakes the outbox when the earliest deferred message may go out again. */
  private scheduleResend(): void {
    this.stop();
    const at = outbox.nextRetryAt(this.box);
    if (at === null || this.ctx.isDisposed()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, Math.max(0, at - Date.now()));
  }
}
