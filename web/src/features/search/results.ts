import type { SearchPage } from "../../api/types";

/**
 * One tab's results: the query they answer, the items so far (pages appended with `before`), and what is in flight.
 * Every answer names the request it answers; one for a query or cursor no longer wanted (the user typed on) is dropped.
 */
export interface Results<T> {
  /** The query searched ("" before the first search). */
  query: string;
  items: T[];
  /** The cursor for the next page; null at the end. */
  next: string | null;
  /** The request in flight, if any. */
  pending: Request | null;
  /** The server's word on the query (errors.q) or any other failure, shown under the box. */
  error: string | null;
  /** A page has come for this query (so "No results" may show). */
  done: boolean;
}

export interface Request {
  query: string;
  /** Absent for the first page. */
  before?: string;
}

export function emptyResults<T>(): Results<T> {
  return { query: "", items: [], next: null, pending: null, error: null, done: false };
}

/** A new search: the old results go at once, so nothing of another query is shown as its answer. */
export function startSearch<T>(_: Results<T>, query: string): [Results<T>, Request] {
  const request = { query };
  return [{ ...emptyResults<T>(), query, pending: request }, request];
}

/** The next page, or null when there is none or one is already on its way. */
export function startMore<T>(r: Results<T>): [Results<T>, Request] | null {
  if (!r.next || r.pending || r.error) return null;
  const request = { query: r.query, before: r.next };
  return [{ ...r, pending: request }, request];
}

export function pageArrived<T>(r: Results<T>, request: Request, page: SearchPage<T>, key: (item: T) => string): Results<T> {
  if (r.pending !== request) return r;
  const held = new Set(r.items.map(key));
  const items = [...r.items, ...page.items.filter((x) => !held.has(key(x)))];
  // A cursor that does not move would ask for the same page forever.
  const next = page.nextBefore && page.nextBefore !== request.before ? page.nextBefore : null;
  return { ...r, items, next, pending: null, error: null, done: true };
}

export function searchFailed<T>(r: Results<T>, request: Request, error: string): Results<T> {
  if (r.pending !== request) return r;
  return { ...r, pending: null, error, done: true };
}
