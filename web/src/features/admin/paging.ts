/**
 * Keyset paging (`before` = the last item's key): a list grows page by page, newest first; a short page is the end.
 * Items already held (a live update raced the page) are not shown twice.
 */
export interface Paged<T> {
  items: T[];
  /** The key to ask `before`, or null when the last page came. */
  next: string | number | null;
}

export const EMPTY_PAGE = { items: [], next: null } as const;

/** A page as the server sends it: a bare list (a short one is the last), or items with the key of the next page. */
export type Page<T> = readonly T[] | { items: readonly T[]; nextBefore: string | number | null };

export function appendPage<T>(list: Paged<T> | null, page: Page<T>, limit: number, key: (item: T) => string | number): Paged<T> {
  const got = "items" in page ? page.items : page;
  const held = new Set((list?.items ?? []).map(key));
  const items = [...(list?.items ?? []), ...got.filter((x) => !held.has(key(x)))];
  if ("items" in page) return { items, next: page.nextBefore ?? null };
  const last = got[got.length - 1];
  return { items, next: got.length >= limit && last !== undefined ? key(last) : null };
}

/** One item changed (resolved, deactivated …): replaced where it is; `keep` false removes it (it left the filter). */
export function replaceItem<T>(list: Paged<T>, item: T, key: (item: T) => string | number, keep = true): Paged<T> {
  const k = key(item);
  return { ...list, items: keep ? list.items.map((x) => (key(x) === k ? item : x)) : list.items.filter((x) => key(x) !== k) };
}
