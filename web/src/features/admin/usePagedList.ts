import { useCallback, useEffect, useRef, useState } from "react";
import { errorText } from "../../api/client";
import { appendPage, replaceItem, type Page, type Paged } from "./paging";

export const PAGE_SIZE = 50;

/**
 * A console list: the first page when `filterKey` changes (a new search), more on demand, one item replaced after an
 * action. A page that arrives for an older filter is dropped.
 */
export function usePagedList<T>(fetchPage: (before: string | number | undefined) => Promise<Page<T>>, key: (item: T) => string | number, filterKey: string) {
  const [list, setList] = useState<Paged<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const latest = useRef({ fetchPage, key });
  latest.current = { fetchPage, key };

  const load = useCallback(async (from: Paged<T> | null) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await latest.current.fetchPage(from?.next ?? undefined);
      if (mine === generation.current) setList(appendPage(from, page, PAGE_SIZE, latest.current.key));
    } catch (e) {
      if (mine === generation.current) setError(errorText(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setList(null);
    void load(null);
  }, [filterKey, load]);

  return {
    list,
    error,
    loading,
    loadMore: () => list && list.next !== null && void load(list),
    reload: () => void load(null),
    replace: (item: T, keep = true) => setList((l) => (l ? replaceItem(l, item, latest.current.key, keep) : l)),
  };
}
