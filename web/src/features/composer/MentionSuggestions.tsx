import { useMemo, useState, type KeyboardEvent } from "react";
import { insertMention, matchMentions, mentionQuery, type MentionCandidate, type MentionOption } from "../../lib/mentions";
import { useChatSelector } from "../chat/useChat";

const NO_MEMBERS: MentionCandidate[] = [];

/**
 * @-mention autocomplete for the composer (a textbox with aria-autocomplete and an owned listbox): typing "@" and letters lists the room's
 * members (and @here/@room where allowed); arrows move, Enter or Tab pick, Esc closes.
 */
export function useMentionSuggestions(roomId: string, listId: string) {
  const meId = useChatSelector((s) => s.me.id);
  const detail = useChatSelector((s) => s.details?.[roomId]);
  const summary = useChatSelector((s) => s.summaries?.[roomId]);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<number | null>(null);

  const candidates = useMemo<MentionCandidate[]>(() => {
    if (detail) return detail.members.map((m) => ({ id: m.userId, userName: m.userName, displayName: m.displayName }));
    return summary?.members?.map((u) => ({ id: u.id, userName: u.userName, displayName: u.displayName })) ?? NO_MEMBERS;
  }, [detail, summary?.members]);
  const direct = summary?.room.kind === "dm" || summary?.room.kind === "group";
  const owner = detail?.members.some((m) => m.userId === meId && m.role === "owner") ?? summary?.role === "owner";
  const wildcards = direct || candidates.length <= 10 || summary?.room.wildcardMentions === "everyone" || owner;
  const options: MentionOption[] = useMemo(
    () => (query ? matchMentions(candidates, query.query, { meId, wildcards }) : []),
    [query, candidates, meId, wildcards]);
  const open = options.length > 0 && query !== null && closedAt !== query.start;
  const optionId = (i: number) => `${listId}-opt-${i}`;

  return {
    open,
    /** After each change or caret move in the textarea. */
    update(text: string, caret: number) {
      const q = mentionQuery(text, caret);
      // Caret events repeat the same query: keep the highlighted option then.
      if (q?.start !== query?.start || q?.query !== query?.query) setActive(0);
      setQuery(q);
      setClosedAt((c) => (!q || q.start !== c ? null : c));
    },
    /** Keys while the list is open; true when handled. `apply` takes the new text and caret. */
    onKeyDown(e: KeyboardEvent, text: string, caret: number, apply: (text: string, caret: number) => void): boolean {
      if (!open || !query) return false;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        const n = options.length;
        setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : (a - 1 + n) % n));
      } else if (e.key === "Enter" || e.key === "Tab") {
        const o = options[Math.min(active, options.length - 1)]!;
        const r = insertMention(text, query.start, caret, o.insert);
        setQuery(null);
        apply(r.text, r.caret);
      } else if (e.key === "Escape") {
        setClosedAt(query.start);
      } else return false;
      e.preventDefault();
      e.stopPropagation();
      return true;
    },
    pick(i: number, text: string, caret: number, apply: (text: string, caret: number) => void) {
      if (!query || !options[i]) return;
      const r = insertMention(text, query.start, caret, options[i].insert);
      setQuery(null);
      apply(r.text, r.caret);
    },
    /**
     * Attributes for the textarea. It stays a textbox (the message box, not a combobox: a role change would rename it
     * for every assistive technology), with the listbox tied to it as Element and GitHub do.
     */
    comboboxProps: {
      "aria-autocomplete": "list" as const,
      "aria-controls": open ? listId : undefined,
      "aria-activedescendant": open ? optionId(Math.min(active, options.length - 1)) : undefined,
    },
    list: open ? (onPick: (i: number) => void) => (
      <ul id={listId} role="listbox" aria-label="Mention suggestions" className="mention-suggestions">
        {options.map((o, i) => (
          <li key={o.key} id={optionId(i)} role="option" aria-selected={i === active} className={i === active ? "active" : ""}
            onMouseDown={(e) => {
              e.preventDefault(); // keep focus in the textarea
              onPick(i);
            }}>
            <strong>{o.label}</strong> <span className="muted">{o.detail}</span>
          </li>
        ))}
      </ul>
    ) : null,
  };
}
