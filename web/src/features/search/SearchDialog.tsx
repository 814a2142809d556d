import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { api, errorText } from "../../api/client";
import type { FileHit, MessageDto, MessageHit, PersonHit, SearchRoom, SearchSort } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { Tabs } from "../../components/Tabs";
import { useChatStore } from "../chat/useChat";
import { openAt } from "../mentions/messagePages";
import type { ChatStore } from "../chat/chatStore";
import { useSession } from "../chat/session";
import type { ThreadsStore } from "../threads/threadsStore";
import { FilterBar } from "./FilterBar";
import { FileRow, MessageRow, PersonRow } from "./ResultRows";
import { lastFilter, removeFilter } from "./query";
import { useResults } from "./useResults";

type Tab = "messages" | "files" | "people";
const TABS = [
  { key: "messages", label: "Messages" },
  { key: "files", label: "Files" },
  { key: "people", label: "People" },
] as const;
const LIMIT = 20;

interface Props {
  onClose: () => void;
  onShowProfile: (userId: string) => void;
  initialQuery?: string;
}

/**
 * Search (issue 18): a box with filter chips, results by tab (messages, files, people) page by page as the list scrolls.
 * The box is a combobox over the results: arrows move, Enter searches a changed query or opens the highlighted result.
 */
export function SearchDialog({ onClose, onShowProfile, initialQuery = "" }: Props) {
  const chat = useChatStore();
  const { threads } = useSession();
  const [text, setText] = useState(initialQuery);
  const [tab, setTab] = useState<Tab>("messages");
  const [sort, setSort] = useState<SearchSort>("recent");
  // Read by the fetcher when the request goes, so a change of sort searches with the new one at once.
  const sortNow = useRef(sort);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  const messages = useResults<MessageHit>((r) => api.search(r.query, { sort: sortNow.current, before: r.before, limit: LIMIT }), (x) => x.message.id);
  const files = useResults<FileHit>((r) => api.searchFiles(r.query, { before: r.before, limit: LIMIT }), (x) => x.file.id);
  const people = useResults<PersonHit>((r) => api.searchPeople(r.query, LIMIT), (x) => x.id);
  const current = tab === "messages" ? messages : tab === "files" ? files : people;
  const results = current.state;
  const count = results.items.length;

  const search = useCallback((query: string, on: Tab = tab) => {
    const q = query.trim();
    if (!q) return;
    setActive(0);
    (on === "messages" ? messages : on === "files" ? files : people).search(q);
  }, [tab, messages, files, people]);

  useEffect(() => {
    if (initialQuery.trim()) search(initialQuery);
    // Only the query the dialog opened with.
  }, []);

  /** The query changed by a chip: shown in the box and searched at once. */
  const searchNow = (query: string) => {
    setText(query);
    search(query);
  };

  const open = (i: number) => {
    if (tab === "messages") {
      const hit = messages.state.items[i];
      if (hit) void jump(chat, threads, onClose, hit.room, hit.message);
    } else if (tab === "files") {
      const hit = files.state.items[i];
      if (!hit) return;
      if (hit.message) void jump(chat, threads, onClose, hit.room, hit.message);
      else window.open(hit.file.url, "_blank", "noopener");
    } else {
      const hit = people.state.items[i];
      if (hit) onShowProfile(hit.id);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      // Past the last result, the next page (as scrolling there would).
      if (active >= count - 1) current.more();
      setActive((a) => Math.min(Math.max(0, count - 1), a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (text.trim() !== results.query || !results.done) search(text);
      else open(active);
    }
  };

  // The highlighted result stays in view as the arrows move.
  useEffect(() => {
    document.getElementById(`search-opt-${active}`)?.scrollIntoView?.({ block: "nearest" });
  }, [active]);

  const last = lastFilter(results.query);
  const listLabel = tab === "messages" ? "Messages found" : tab === "files" ? "Files found" : "People found";
  return (
    <Dialog label="Search" onClose={onClose} title={null} className="wide search-dialog">
      <div className="dialog-body search-body">
        <form role="search" className="search-form" onSubmit={(e) => {
          e.preventDefault();
          search(text);
        }}>
          <input ref={input} type="search" aria-label="Search" placeholder="Search messages, files and people…" value={text} autoFocus
            role="combobox" aria-expanded={count > 0} aria-controls="search-results" aria-autocomplete="none"
            aria-activedescendant={count > 0 ? `search-opt-${Math.min(active, count - 1)}` : undefined}
            aria-invalid={results.error ? true : undefined} aria-describedby={results.error ? "search-error" : "search-hint"}
            onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
          {tab === "messages" && (
            <select aria-label="Sort" value={sort} onChange={(e) => {
              setSort((sortNow.current = e.target.value as SearchSort));
              search(text);
            }}>
              <option value="recent">Newest first</option>
              <option value="relevance">Best match</option>
            </select>
          )}
        </form>
        {results.error
          ? <p id="search-error" className="field-error search-error" role="alert">{results.error}</p>
          : <p id="search-hint" className="muted search-hint">Enter searches. Dates: 2026-11-30, today, yesterday. "exact phrase", -exclude, prefix*</p>}
        {tab !== "people" && <FilterBar query={text} inputRef={input} onChange={setText} onSearch={searchNow} />}
        <Tabs label="What to search" tabs={TABS} current={tab} idPrefix="search" onSelect={(t) => {
          setTab(t);
          const next = t === "messages" ? messages : t === "files" ? files : people;
          if (text.trim() && text.trim() !== next.state.query) search(text, t);
          setActive(0);
        }}>
          <ResultList id="search-results" label={listLabel} busy={!!results.pending} onEnd={current.more} hasMore={!!results.next}>
            {tab === "messages" && messages.state.items.map((hit, i) => (
              <MessageRow key={hit.message.id} hit={hit} index={i} active={i === active} onHover={setActive} onOpen={open} />
            ))}
            {tab === "files" && files.state.items.map((hit, i) => (
              <FileRow key={hit.file.id} hit={hit} index={i} active={i === active} onHover={setActive} onOpen={open} />
            ))}
            {tab === "people" && people.state.items.map((hit, i) => (
              <PersonRow key={hit.id} hit={hit} index={i} active={i === active} onHover={setActive} onOpen={open} />
            ))}
          </ResultList>
          {results.pending && <p className="muted search-loading" role="status">Searching…</p>}
          {results.done && !results.pending && !results.error && count === 0 && (
            <div className="search-empty" role="status" data-testid="search-no-results">
              <p>No results for “{results.query}”.</p>
              {last && tab !== "people" ? (
                <p>
                  Try without <code>{last.text}</code>:{" "}
                  <button type="button" onClick={() => searchNow(removeFilter(results.query, last))}>Remove {last.text}</button>
                </p>
              ) : <p className="muted">Check the spelling, or try fewer or shorter words.</p>}
            </div>
          )}
          {results.next && !results.pending && (
            <button type="button" className="load-more" onClick={current.more}>Load more</button>
          )}
        </Tabs>
      </div>
    </Dialog>
  );
}

/** The listbox of results; reaching its end (scrolled into view) asks for the next page. */
function ResultList({ id, label, busy, hasMore, onEnd, children }: {
  id: string; label: string; busy: boolean; hasMore: boolean; onEnd: () => void; children: React.ReactNode;
}) {
  const list = useRef<HTMLUListElement>(null);
  const end = useRef<HTMLLIElement>(null);
  const latest = useRef(onEnd);
  latest.current = onEnd;
  useEffect(() => {
    if (!hasMore || !end.current || typeof IntersectionObserver === "undefined") return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) latest.current();
    }, { root: list.current, rootMargin: "200px" });
    seen.observe(end.current);
    return () => seen.disconnect();
  }, [hasMore]);
  return (
    <ul ref={list} id={id} role="listbox" aria-label={label} aria-busy={busy} className="search-results">
      {children}
      {hasMore && <li ref={end} role="presentation" className="search-end" aria-hidden="true" />}
    </ul>
  );
}

/** Opens the conversation at the message, with history around it (as mentions do); a public room not joined is joined. */
async function jump(chat: ChatStore, threads: ThreadsStore, onClose: () => void, room: SearchRoom, message: MessageDto): Promise<void> {
  onClose();
  if (!chat.getState().summaries[room.id]) {
    if (room.kind !== "public") {
      chat.notify("You can't open that conversation any more.");
      return;
    }
    try {
      await chat.joinRoom(room.id);
    } catch (e) {
      chat.notify(errorText(e));
      return;
    }
  }
  await openAt(chat, threads, message);
}
