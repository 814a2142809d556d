import type { ChangesPage, MessageDto, MessagePinnedEvent, MessagePreviewsEvent, PollDto, ReactionsChangedEvent, ReplyQuote, ThreadChangedEvent } from "../api/types";

/**
 * One room's timeline as the client holds it: confirmed messages in seq order (no duplicates)
 * and `rev`, the highest room rev applied without a gap.
 */
export interface Timeline {
  messages: MessageDto[];
  rev: number;
  /** Older history exists before messages[0]. */
  hasMoreOlder: boolean;
  /** The latest page has been loaded (the timeline is contiguous up to the newest message we know). */
  loaded: boolean;
  /**
   * A window around a message far back (a jump): it does not reach the newest messages, which are fetched with
   * `after=` as the reader scrolls down; messages newer than its last one stay out until it joins the latest.
   */
  detached?: boolean;
}

export function emptyTimeline(rev: number): Timeline {
  return { messages: [], rev, hasMoreOlder: true, loaded: false };
}

/** Binary search for the index of `seq`, or -(insertion point) - 1. */
function indexOfSeq(messages: MessageDto[], seq: number): number {
  let lo = 0;
  let hi = messages.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = messages[mid]!.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/**
 * Inserts or replaces messages by id (seq is a message's fixed position): a copy replaces the held one only when
 * its rev is higher. Returns the same array when nothing changed.
 */
export function upsertMessages(messages: MessageDto[], incoming: readonly MessageDto[]): MessageDto[] {
  let out = messages;
  for (const m of incoming) {
    const i = indexOfSeq(out, m.seq);
    if (i >= 0) {
      const held = out[i]!;
      if (held.id === m.id && m.rev <= held.rev) continue;
      if (out === messages) out = messages.slice();
      const next = keepQuote(held, m);
      out[i] = held.poll && next.poll ? { ...next, poll: keepPollChoice(held.poll, next.poll, next.rev) } : next;
    } else {
      if (out === messages) out = messages.slice();
      out.splice(-i - 1, 0, m);
    }
  }
  return out;
}

function keepQuote(held: MessageDto, next: MessageDto): MessageDto {
  if (next.deletedAt === null && next.replyToId !== null && next.replyTo === null && held.replyTo !== null) {
    return { ...next, replyTo: held.replyTo };
  }
  return next;
}

/** How long a quote's text is at most, as the server cuts it (ReplyQuote.MaxQuote). */
const MAX_QUOTE = 200;

/** The quote a reply shows of `m`, as the server writes it: the start of its text, or none once it is deleted. */
export function quoteOf(m: MessageDto): ReplyQuote {
  const deleted = m.deletedAt !== null;
  const text = deleted ? "" : m.text.length <= MAX_QUOTE ? m.text : m.text.slice(0, MAX_QUOTE) + "…";
  return { id: m.id, seq: m.seq, senderId: m.senderId, text, deleted };
}

/**
 * Replies carry a quote of the message they answer: an edit or delete of it changes their quotes too, as a fresh
 * load would show them. A deleted quote stays so (a late copy of the message can't bring its text back). Returns
 * the same array when no held reply quotes any of `changed`.
 */
export function refreshQuotes(messages: MessageDto[], changed: readonly MessageDto[]): MessageDto[] {
  const quoted = new Map(changed.filter((m) => m.editedAt !== null || m.deletedAt !== null).map((m) => [m.id, m]));
  if (quoted.size === 0) return messages;
  let out = messages;
  messages.forEach((reply, i) => {
    const original = reply.replyTo && quoted.get(reply.replyTo.id);
    if (!original || reply.replyTo!.deleted) return;
    const quote = quoteOf(original);
    if (quote.text === reply.replyTo!.text && !quote.deleted) return;
    if (out === messages) out = messages.slice();
    out[i] = { ...reply, replyTo: quote };
  });
  return out;
}

/**
 * A poll's newer copy keeps the reader's choice when it carries none (room-wide events can't: mine null), or when the
 * held choice was set by a later PollVoted (mineRev) than the copy's rev.
 */
export function keepPollChoice(held: PollDto, next: PollDto, nextRev: number): PollDto {
  if (next.mine == null || (held.mineRev ?? 0) > nextRev) return { ...next, mine: held.mine ?? null, ...(held.mineRev ? { mineRev: held.mineRev } : {}) };
  return next;
}

export type RevOutcome = "advanced" | "stale" | "gap";

/** How an event's rev relates to the room's applied rev. */
export function classifyRev(current: number, eventRev: number): RevOutcome {
  if (eventRev === current + 1) return "advanced";
  if (eventRev <= current) return "stale";
  return "gap";
}

/**
 * Whether a message belongs in the held window: anything from the first held seq on, or anything at all once the
 * room's beginning is held. A change to an older message comes with that page when it is fetched; inserting it
 * now would hide the hole in the history between it and the window. A detached window takes nothing past its
 * last message either, for the same reason: that comes with the newer pages.
 */
function inWindow(t: Timeline, m: MessageDto): boolean {
  const first = t.messages[0];
  if (t.detached && first !== undefined && m.seq > lastSeq(t)) return false;
  return !t.hasMoreOlder || first === undefined || m.seq >= first.seq;
}

/**
 * Applies a live message event (created, edited, deleted). `gap` means: fetch changes since timeline.rev.
 * A timeline that is not loaded keeps its rev: the page on its way may have been read before this change, so
 * the change is fetched again (changes since the rev) once the page is in.
 */
export function applyMessageEvent(t: Timeline, m: MessageDto): { timeline: Timeline; gap: boolean } {
  if (!t.loaded) return { timeline: t, gap: false };
  // Replies in the window may quote a message from before it.
  const messages = refreshQuotes(inWindow(t, m) ? upsertMessages(t.messages, [m]) : t.messages, [m]);
  const outcome = classifyRev(t.rev, m.rev);
  const rev = outcome === "advanced" ? m.rev : t.rev;
  if (messages === t.messages && rev === t.rev) return { timeline: t, gap: outcome === "gap" };
  return { timeline: { ...t, messages, rev }, gap: outcome === "gap" };
}

/** Applies ReactionsChanged: replaces the reaction list when the event's rev is newer than the message's. */
export function applyReactionsEvent(t: Timeline, e: ReactionsChangedEvent): { timeline: Timeline; gap: boolean } {
  return applyPartEvent(t, e, { reactions: e.reactions });
}

/** Applies MessagePreviews: replaces the preview list when the event's rev is newer than the message's. */
export function applyPreviewsEvent(t: Timeline, e: MessagePreviewsEvent): { timeline: Timeline; gap: boolean } {
  return applyPartEvent(t, e, { previews: e.previews });
}

/** An event that changes one part of one message under a new rev (reactions, previews, polls); `part` may read the held message. */
export function applyPartEvent(t: Timeline, e: { messageId: string; rev: number }, part: Partial<MessageDto> | ((m: MessageDto) => Partial<MessageDto>)): { timeline: Timeline; gap: boolean } {
  if (!t.loaded) return { timeline: t, gap: false };
  let messages = t.messages;
  const i = messages.findIndex((m) => m.id === e.messageId);
  if (i >= 0 && messages[i]!.rev < e.rev) {
    messages = messages.slice();
    messages[i] = { ...messages[i]!, ...(typeof part === "function" ? part(messages[i]!) : part), rev: e.rev };
  }
  const outcome = classifyRev(t.rev, e.rev);
  const rev = outcome === "advanced" ? e.rev : t.rev;
  if (messages === t.messages && rev === t.rev) return { timeline: t, gap: outcome === "gap" };
  return { timeline: { ...t, messages, rev }, gap: outcome === "gap" };
}

/** Applies MessagePinned: sets or clears the pin when the event's rev is newer than the message's. */
export function applyPinEvent(t: Timeline, e: MessagePinnedEvent): { timeline: Timeline; gap: boolean } {
  if (!t.loaded) return { timeline: t, gap: false };
  let messages = t.messages;
  const i = messages.findIndex((m) => m.id === e.messageId);
  if (i >= 0 && messages[i]!.rev < e.rev) {
    messages = messages.slice();
    const pinned = e.pinnedBy !== null && e.pinnedAt !== null ? { pinnedBy: e.pinnedBy, pinnedAt: e.pinnedAt } : null;
    messages[i] = { ...messages[i]!, rev: e.rev, pinned };
  }
  const outcome = classifyRev(t.rev, e.rev);
  const rev = outcome === "advanced" ? e.rev : t.rev;
  if (messages === t.messages && rev === t.rev) return { timeline: t, gap: outcome === "gap" };
  return { timeline: { ...t, messages, rev }, gap: outcome === "gap" };
}

/** Applies ThreadChanged: replaces the root's thread summary when the event's rev is newer than the root's. */
export function applyThreadEvent(t: Timeline, e: ThreadChangedEvent): { timeline: Timeline; gap: boolean } {
  if (!t.loaded) return { timeline: t, gap: false };
  let messages = t.messages;
  const i = messages.findIndex((m) => m.id === e.rootId);
  if (i >= 0 && messages[i]!.rev < e.rev) {
    messages = messages.slice();
    messages[i] = { ...messages[i]!, rev: e.rev, thread: e.thread };
  }
  const outcome = classifyRev(t.rev, e.rev);
  const rev = outcome === "advanced" ? e.rev : t.rev;
  if (messages === t.messages && rev === t.rev) return { timeline: t, gap: outcome === "gap" };
  return { timeline: { ...t, messages, rev }, gap: outcome === "gap" };
}

/** A reply kept to its thread: the room's timeline doesn't show it (it still holds it, for seq and rev). */
export function isThreadOnly(m: MessageDto): boolean {
  return !!m.threadRootId && !m.alsoToRoom;
}

/**
 * Applies a ChangesPage (from Sync or GET …/changes). `resync`: drop the cached timeline and reload the latest page.
 * `more`: ask again from the new rev. A timeline that is not loaded takes nothing and keeps its rev, as for events.
 */
export function applyChangesPage(t: Timeline, page: ChangesPage): { timeline: Timeline; resync: boolean; more: boolean } {
  if (page.resyncRequired) {
    return { timeline: { ...emptyTimeline(page.lastRev) }, resync: true, more: false };
  }
  if (!t.loaded) return { timeline: t, resync: false, more: false };
  const messages = refreshQuotes(upsertMessages(t.messages, page.messages.filter((m) => inWindow(t, m))), page.messages);
  const rev = Math.max(t.rev, page.lastRev);
  return { timeline: { ...t, messages, rev }, resync: false, more: page.hasMore };
}

/** Merges a history page (latest or older). */
export function applyHistoryPage(t: Timeline, page: MessageDto[], hasMore: boolean, kind: "latest" | "older"): Timeline {
  const messages = upsertMessages(t.messages, page);
  if (kind === "latest") return { ...t, messages, loaded: true, hasMoreOlder: hasMore };
  return { ...t, messages, hasMoreOlder: hasMore };
}

export function lastSeq(t: Timeline): number {
  return t.messages.length ? t.messages[t.messages.length - 1]!.seq : 0;
}
