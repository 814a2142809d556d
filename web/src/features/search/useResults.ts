import { useCallback, useRef, useState } from "react";
import { ApiError, errorText } from "../../api/client";
import type { SearchPage } from "../../api/types";
import { emptyResults, pageArrived, searchFailed, startMore, startSearch, type Request, type Results } from "./results";

/** One tab's results (results.ts) with the calls that fill them: search(query) from the start, more() for the next page. */
export function useResults<T>(fetchPage: (r: Request) => Promise<SearchPage<T>>, key: (item: T) => string) {
  const [state, setState] = useState(emptyResults<T>);
  // The latest state, for answers arriving after renders.
  const latest = useRef(state);
  const fetcher = useRef({ fetchPage, key });
  fetcher.current = { fetchPage, key };

  const run = useCallback(async (r: Results<T>, request: Request) => {
    const set = (next: Results<T>) => {
      latest.current = next;
      setState(next);
    };
    set(r);
    try {
      const page = await fetcher.current.fetchPage(request);
      set(pageArrived(latest.current, request, page, fetcher.current.key));
    } catch (e) {
      set(searchFailed(latest.current, request, queryError(e)));
    }
  }, []);

  const search = useCallback((query: string) => void run(...startSearch(latest.current, query)), [run]);
  const more = useCallback(() => {
    const next = startMore(latest.current);
    if (next) void run(...next);
  }, [run]);
  return { state, search, more };
}

/** The server's sentence on the query (400 with errors.q), else the usual one for any error. */
export function queryError(e: unknown): string {
  if (e instanceof ApiError && e.status === 400) {
    const q = e.fieldErrors("q");
    if (q.length) return q.join(" ");
  }
  return errorText(e);
}
