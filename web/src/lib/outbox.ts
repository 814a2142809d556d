import type { CreatePollRequest, FileDto, Guid, MessageDto, ReplyQuote } from "../api/types";
import { isTransientCode, parseHubError, refusalText } from "../api/errorCodes";

/**
 * Optimistic send: a message typed by the user lives here until the server acknowledges it.
 * queued → sending → (acked: removed, the server's copy takes its place) | failed → (retry) queued …
 * A drop of the connection while sending puts it back to queued; it is sent again, with the same
 * clientMessageId, after the reconnect (the server answers a repeat with the stored message).
 * A passing refusal (rate limited, a server fault) queues it again with a time not before which to resend; later
 * messages of its room wait behind it so the room's order is kept. After MAX_ATTEMPTS such refusals it fails.
 */
export type OutgoingStatus = "queued" | "sending" | "failed";

export interface OutgoingMessage {
  clientMessageId: string;
  roomId: Guid;
  senderId: Guid;
  text: string;
  replyToId: Guid | null;
  replyTo: ReplyQuote | null;
  /** Uploaded attachments it carries (sent as fileIds; shown while it is on its way). */
  files?: FileDto[];
  /** The poll it carries (its text is the question). */
  poll?: CreatePollRequest;
  /** A reply in this thread (shown pending in its panel); alsoToRoom: in the room's timeline too. */
  threadRootId?: Guid | null;
  alsoToRoom?: boolean;
  createdAt: string;
  status: OutgoingStatus;
  error: string | null;
  /** The server's code when it refused (timed_out, read_only …): the composer explains some of them. */
  errorCode?: string | null;
  /** After a passing refusal: not sent again before this time (ms since the epoch). */
  retryAt: number | null;
  /** Passing refusals so far. */
  attempts: number;
}

export type Outbox = readonly OutgoingMessage[];

/**
 * A UUID of version 7 (RFC 9562): the time in milliseconds first, then random bits. Ids made later sort later, so the
 * server's retry key (sender, clientMessageId) takes each new one beside the sender's last instead of on a page of
 * its own at random: fewer pages written per message on SQLite (docs/benchmarks.md).
 */
export function newClientMessageId(now: number = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 5, t = now; i >= 0; i--, t = Math.floor(t / 256)) b[i] = t % 256;
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const MAX_ATTEMPTS = 5;

export function enqueue(box: Outbox, m: Omit<OutgoingMessage, "status" | "error" | "retryAt" | "attempts">): Outbox {
  return [...box, { ...m, status: "queued", error: null, retryAt: null, attempts: 0 }];
}

function update(box: Outbox, id: string, change: (m: OutgoingMessage) => OutgoingMessage): Outbox {
  return box.map((m) => (m.clientMessageId === id ? change(m) : m));
}

export function markSending(box: Outbox, id: string): Outbox {
  return update(box, id, (m) => ({ ...m, status: "sending", error: null, retryAt: null }));
}

/** The server refused the message: it stays, marked failed, until the user retries or discards it. */
export function markFailed(box: Outbox, id: string, error: string, errorCode: string | null = null): Outbox {
  return update(box, id, (m) => ({ ...m, status: "failed", error, errorCode }));
}

/** The connection dropped while sending: send it again after the reconnect. */
export function markQueued(box: Outbox, id: string): Outbox {
  return update(box, id, (m) => ({ ...m, status: "queued", error: null }));
}

/** The server refused for now (see isPassingRefusal): send again later, or give up after MAX_ATTEMPTS. */
export function markDeferred(box: Outbox, id: string, hubError: string, now: number): Outbox {
  return update(box, id, (m) => {
    const attempts = (m.attempts ?? 0) + 1;
    if (attempts >= MAX_ATTEMPTS) return { ...m, status: "failed", error: hubErrorText(hubError), retryAt: null, attempts };
    return { ...m, status: "queued", error: null, errorCode: parseHubError(hubError)?.code ?? null, retryAt: now + retryDelayMs(hubError, attempts), attempts };
  });
}

export function retry(box: Outbox, id: string): Outbox {
  return update(box, id, (m) => ({ ...m, status: "queued", error: null, errorCode: null, retryAt: null, attempts: 0 }));
}

export function remove(box: Outbox, id: string): Outbox {
  return box.filter((m) => m.clientMessageId !== id);
}

/** Removes the outgoing copies of messages the server has confirmed (matched by clientMessageId). */
export function settle(box: Outbox, confirmed: readonly MessageDto[], me: Guid): Outbox {
  if (box.length === 0) return box;
  const ids = new Set(confirmed.filter((m) => m.senderId === me && m.clientMessageId).map((m) => m.clientMessageId));
  if (ids.size === 0) return box;
  const next = box.filter((m) => !ids.has(m.clientMessageId));
  return next.length === box.length ? box : next;
}

/** Messages ready to go out now, oldest first; a room's messages wait behind one of its own that waits or is on its way. */
export function readyToSend(box: Outbox, now: number): OutgoingMessage[] {
  const held = new Set<Guid>();
  const ready: OutgoingMessage[] = [];
  for (const m of box) {
    if (m.status === "failed") continue;
    const waiting = m.status === "sending" || (m.retryAt ?? 0) > now;
    if (!waiting && !held.has(m.roomId)) ready.push(m);
    else held.add(m.roomId);
  }
  return ready;
}

/** The earliest time a deferred message may go out again, or null. */
export function nextRetryAt(box: Outbox): number | null {
  let next: number | null = null;
  for (const m of box) if (m.status === "queued" && m.retryAt !== null && (next === null || m.retryAt < next)) next = m.retryAt;
  return next;
}

/** What the room's timeline shows pending: its messages, less the replies kept to their thread. */
export function forRoom(box: Outbox, roomId: Guid): OutgoingMessage[] {
  return box.filter((m) => m.roomId === roomId && (!m.threadRootId || m.alsoToRoom));
}

/** What a thread's panel shows pending: the replies on their way to it. */
export function forThread(box: Outbox, rootId: Guid): OutgoingMessage[] {
  return box.filter((m) => m.threadRootId === rootId);
}

/** An outgoing message shown as a message (id: its client id, no seq yet). */
export function outgoingAsMessage(o: OutgoingMessage, poll: MessageDto["poll"] = null): MessageDto {
  return {
    id: o.clientMessageId, roomId: o.roomId, seq: 0, rev: 0, senderId: o.senderId, kind: "text", text: o.text,
    clientMessageId: o.clientMessageId, replyToId: o.replyToId, replyTo: o.replyTo, createdAt: o.createdAt,
    editedAt: null, deletedAt: null, reactions: [], files: o.files ?? [], poll,
    ...(o.threadRootId ? { threadRootId: o.threadRootId, alsoToRoom: o.alsoToRoom ?? false } : {}),
  };
}

/** Whether a send error is the connection's fault (send again later) rather than a refusal by the server. */
export function isConnectionError(message: string): boolean {
  return parseHubError(message) === null
    && /(connection|disconnected|not in the 'Connected' State|stopped|closed|Invocation canceled|WebSocket|network)/i.test(message);
}

/**
 * Whether a refusal will likely pass by itself (rate limited, database unavailable, server restarting, a fault).
 * Everything else (not a member, too long, empty …) fails until the user acts.
 */
export function isPassingRefusal(message: string): boolean {
  const refusal = parseHubError(message);
  return refusal !== null && isTransientCode(refusal.code);
}

/** How long to wait before sending again: what the server said (retryAfter), else a few seconds more per attempt. */
export function retryDelayMs(error: string, attempts: number): number {
  const seconds = parseHubError(error)?.retryAfter ?? 2 * attempts;
  return Math.min(60, Math.max(1, seconds)) * 1000;
}

/** The readable part of a hub error ("…HubException: invalid: Message text is empty." → "Message text is empty."). */
export function hubErrorText(message: string): string {
  const refusal = parseHubError(message);
  return refusal ? refusalText(refusal.code, refusal.reason, refusal.retryAfter) : message;
}
