import { useMemo, useState } from "react";
import { Icon } from "../../components/Icon";
import { Dialog } from "../../components/Dialog";
import { conversationTitle } from "../../lib/names";
import { sortSummaries } from "../../lib/unread";
import { useChat } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";

/** Ctrl/Cmd+K: type to filter conversations, arrows to move, Enter to open. */
export function QuickSwitcher({ onClose }: { onClose: () => void }) {
  const state = useChat();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return sortSummaries(Object.values(state.summaries))
      .map((s) => ({ s, title: conversationTitle(s, state.me.id, state.users) }))
      .filter((x) => !q || x.title.toLowerCase().includes(q))
      .sort((a, b) => Number(b.title.toLowerCase().startsWith(q)) - Number(a.title.toLowerCase().startsWith(q)))
      .slice(0, 20);
  }, [query, state.summaries, state.me.id, state.users]);

  function open(i: number) {
    const x = items[i];
    if (!x) return;
    onClose();
    navigateToRoom(x.s.room.id);
  }

  return (
    <Dialog label="Jump to conversation" onClose={onClose} title={null} className="switcher">
      <div className="dialog-body">
        <input type="text" aria-label="Jump to" placeholder="Jump to a conversation…" value={query} autoFocus
          role="combobox" aria-expanded="true" aria-controls="switcher-list" aria-activedescendant={items[active] ? `sw-${items[active]!.s.room.id}` : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(items.length - 1, a + 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === "Enter") {
              e.preventDefault();
              open(active);
            }
          }} />
        <ul id="switcher-list" role="listbox" className="switcher-list" aria-label="Conversations found">
          {items.map((x, i) => (
            <li key={x.s.room.id} id={`sw-${x.s.room.id}`} role="option" aria-selected={i === active}
              className={i === active ? "active" : ""} onMouseEnter={() => setActive(i)} onClick={() => open(i)}>
              <span className="switcher-kind" aria-hidden="true"><Icon name={x.s.room.kind === "public" ? "hash" : x.s.room.kind === "private" ? "lock" : "dot"} size={14} /></span>
              <span>{x.title}</span>
              {x.s.unreadCount > 0 && <span className="badge">{x.s.unreadCount}</span>}
            </li>
          ))}
          {items.length === 0 && <li className="muted">No conversations match.</li>}
        </ul>
      </div>
    </Dialog>
  );
}
