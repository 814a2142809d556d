import type { Guid, MessageDto, ReplyQuote } from "../api/types";

/**
 * Optimistic send: a message typed by the user lives here until the server acknowledges it.
 * queued → sending → (acked: removed, the server's copy takes its place) | failed → (retry) queued …
 * A drop of the connection while sending puts it back to queued; it is sent again, with the same
 * clientMessageId, after the reconnect (the server answers a repeat with the stored message).
 */
export type OutgoingStatus = "queued" | "sending" | "failed";

export interface OutgoingMessage {
  clientMessageId: string;
  roomId: Guid;
  senderId: Guid;
  text: string;
  replyToId: Guid | null;
  replyTo: ReplyQuote | null;
  createdAt: string;
  status: OutgoingStatus;
  error: string | null;
}

export type Outbox = readonly OutgoingMessage[];

export function newClientMessageId(): string {
  return crypto.randomUUID();
}

export function enqueue(box: Outbox, m: Omit<OutgoingMessage, "status" | "error">): Outbox {
  return [...box, { ...m, status: "queued", error: null }];
}

function update(box: Outbox, id: string, change: (m: OutgoingMessage) => OutgoingMessage): Outbox {
  return box.map((m) => (m.clientMessageId === id ? change(m) : m));
}

export function markSending(box: Outbox, id: string): Outbox {
  return update(box, id, (m) => ({ ...m, status: "sending", error: null }));
}

/** The server refused the message: it stays, marked failed, until the user retries or discards it. */
export function markFailed(box: Outbox, id: string, error: string): Outbox {
  return update(box, id, (m) => ({ ...m, status: "failed", error }));
}

/** The connection dropped while sending: send it again after the reconnect. */
export function markQueued(box: Outbox, id: string): Outbox {
  return update(box, id, (m) => ({ ...m, status: "queued", error: null }));
}

export function retry(box: Outbox, id: string): Outbox {
  return markQueued(box, id);
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

/** Messages ready to go out now, oldest first. */
export function readyToSend(box: Outbox): OutgoingMessage[] {
  return box.filter((m) => m.status === "queued");
}

export function forRoom(box: Outbox, roomId: Guid): OutgoingMessage[] {
  return box.filter((m) => m.roomId === roomId);
}

/** Whether a send error is the connection's fault (send again later) rather than a refusal by the server. */
export function isConnectionError(message: string): boolean {
  return !/HubException:/.test(message) && /(connection|disconnected|not in the 'Connected' State|stopped|closed|Invocation canceled|WebSocket|network)/i.test(message);
}

/** The readable part of a hub error ("…HubException: Message text is empty." → "Message text is empty."). */
export function hubErrorText(message: string): string {
  const i = message.indexOf("HubException: ");
  return i >= 0 ? message.slice(i + "HubException: ".length) : message;
}
