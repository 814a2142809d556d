import type { Guid } from "../../api/types";
import type { Outbox, OutgoingMessage } from "../../lib/outbox";

/**
 * The outbox is kept per tab, in sessionStorage: it survives a reload of that tab, and two tabs of the same person
 * never both send (or drop) each other's queue. (A duplicated tab copies it; the server answers a repeated
 * clientMessageId with the stored message, so that only costs a request.)
 */
const key = (userId: Guid) => `parley.outbox.${userId}`;

export function loadOutbox(userId: Guid): Outbox {
  try {
    const list = [...read(sessionStorage, userId), ...adoptShared(userId)];
    saveOutbox(userId, list);
    // Anything that was on its way when the page closed is sent again with the same id.
    return list.map((m) => ({ ...m, status: m.status === "sending" ? "queued" : m.status, retryAt: m.retryAt ?? null, attempts: m.attempts ?? 0 }));
  } catch {
    return [];
  }
}

export function saveOutbox(userId: Guid, box: Outbox): void {
  try {
    if (box.length === 0) sessionStorage.removeItem(key(userId));
    else sessionStorage.setItem(key(userId), JSON.stringify(box));
  } catch {
    // Storage full or disabled: the outbox lives in memory only.
  }
}

/** On sign-out: nothing typed here is sent later by anyone. */
export function clearOutbox(userId: Guid): void {
  try {
    sessionStorage.removeItem(key(userId));
    localStorage.removeItem(key(userId));
  } catch {
    // Storage disabled: nothing was kept.
  }
}

function read(storage: Storage, userId: Guid): OutgoingMessage[] {
  const raw = storage.getItem(key(userId));
  return raw ? (JSON.parse(raw) as OutgoingMessage[]) : [];
}

/** Earlier versions kept one outbox per user in localStorage: the first tab to start takes it over (and keeps it at once). */
function adoptShared(userId: Guid): OutgoingMessage[] {
  const list = read(localStorage, userId);
  localStorage.removeItem(key(userId));
  return list;
}
