import { useEffect, useMemo, useState } from "react";
import type { CustomEmojiDto } from "../../api/types";
import { Icon } from "../../components/Icon";
import { EMOJI_GROUPS, searchEmoji, withSkinTone, type EmojiEntry } from "../../lib/emoji";
import { useStore } from "../../lib/store";
import { useChatSelector } from "../chat/useChat";
import { useSession } from "../chat/session";
import { recentEmoji, rememberEmoji, setSkinTone, skinTone } from "./emojiData";

interface Props {
  onPick: (emoji: string) => void;
  onClose: () => void;
}

const TONES = ["✋", "✋🏻", "✋🏼", "✋🏽", "✋🏾", "✋🏿"];
const TONE_NAMES = ["default", "light", "medium-light", "medium", "medium-dark", "dark"];
const QUICK = ["👍", "❤️", "😂", "🎉", "😮", "🙏"];
/** The tab of the server's own emoji (the standard groups are 0–9, recent -1). */
const CUSTOM = -2;

/** The server's emoji whose name has the query in it, names starting with it first. */
export function searchCustomEmoji(list: readonly CustomEmojiDto[], query: string): CustomEmojiDto[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, "");
  if (!q) return [];
  const hits = list.filter((e) => e.name.includes(q));
  return [...hits.filter((e) => e.name.startsWith(q)), ...hits.filter((e) => !e.name.startsWith(q))];
}

/** A custom emoji's cell: its picture, named `:name:` (what it inserts or reacts with). */
function CustomCell({ emoji, onPick }: { emoji: CustomEmojiDto; onPick: (e: string) => void }) {
  const code = `:${emoji.name}:`;
  return (
    <button type="button" role="option" aria-selected={false} className="emoji-cell custom" aria-label={code} title={code} onClick={() => onPick(code)}>
      <img src={emoji.url} alt="" />
    </button>
  );
}

/** In-house emoji picker over emoji-picker-element-data: search, recent, the server's custom emoji, categories, skin tones. */
export function EmojiPicker({ onPick, onClose }: Props) {
  const index = useChatSelector((s) => s.emoji);
  const custom = useStore(useSession().customEmoji, (s) => s.list);
  const [query, setQuery] = useState("");
  const [group, setGroup] = useState<number>(-1);
  const [tone, setTone] = useState(skinTone);
  // A custom emoji removed since it was used is left out (its `:name:` would be text now).
  const recent = useMemo(() => recentEmoji().filter((e) => !isCustomCode(e) || custom.some((c) => `:${c.name}:` === e)), [custom]);
  const customHits = useMemo(() => searchCustomEmoji(custom, query), [custom, query]);

  useEffect(() => {
    if (recent.length === 0 && group === -1) setGroup(0);
  }, [recent.length, group]);

  const shown: EmojiEntry[] = useMemo(() => {
    if (!index) return [];
    if (query.trim()) return searchEmoji(index, query);
    if (group === -1) return [];
    return index.entries.filter((e) => e.group === group);
  }, [index, query, group]);

  function pick(e: string) {
    rememberEmoji(e);
    onPick(e);
  }

  return (
    <div className="emoji-picker" role="dialog" aria-label="Emoji picker" onKeyDown={(e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        onClose();
      }
    }}>
      <div className="emoji-picker-top">
        <input type="search" aria-label="Search emoji" placeholder="Search emoji" value={query} autoFocus
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (customHits[0] || shown[0])) {
              e.preventDefault();
              pick(customHits[0] ? `:${customHits[0].name}:` : withSkinTone(shown[0]!, tone));
            }
          }} />
        <button type="button" className="tone-button" aria-label={`Skin tone: ${TONE_NAMES[tone]}`} title="Skin tone (click to change)"
          onClick={() => {
            const t = (tone + 1) % TONES.length;
            setTone(t);
            setSkinTone(t);
          }}>{TONES[tone]}</button>
      </div>
      {!query && (
        <div className="emoji-quick">
          {QUICK.map((e) => <button key={e} type="button" className="emoji-cell" aria-label={e} onClick={() => pick(e)}>{e}</button>)}
        </div>
      )}
      {!query && (
        <div className="emoji-tabs" role="tablist" aria-label="Emoji categories">
          {recent.length > 0 && (
            <button type="button" role="tab" aria-selected={group === -1} title="Recent" aria-label="Recent" onClick={() => setGroup(-1)}>🕘</button>
          )}
          {custom.length > 0 && (
            <button type="button" role="tab" aria-selected={group === CUSTOM} title="Custom" aria-label="Custom" onClick={() => setGroup(CUSTOM)}>
              <Icon name="sparkles" size={16} />
            </button>
          )}
          {EMOJI_GROUPS.map((g) => (
            <button key={g.id} type="button" role="tab" aria-selected={group === g.id} title={g.label} aria-label={g.label} onClick={() => setGroup(g.id)}>{g.icon}</button>
          ))}
        </div>
      )}
      <div className="emoji-grid" role="listbox"
        aria-label={query ? "Search results" : group === -1 ? "Recent" : group === CUSTOM ? "Custom" : EMOJI_GROUPS.find((g) => g.id === group)?.label}>
        {!index && <p className="muted">Loading emoji…</p>}
        {!query && group === -1 && recent.map((e) => {
          const c = isCustomCode(e) ? custom.find((x) => `:${x.name}:` === e) : undefined;
          return c ? <CustomCell key={e} emoji={c} onPick={pick} />
            : <button key={e} type="button" role="option" aria-selected={false} className="emoji-cell" aria-label={e} onClick={() => pick(e)}>{e}</button>;
        })}
        {!query && group === CUSTOM && custom.map((c) => <CustomCell key={c.name} emoji={c} onPick={pick} />)}
        {query && customHits.map((c) => <CustomCell key={c.name} emoji={c} onPick={pick} />)}
        {shown.map((e) => {
          const v = withSkinTone(e, tone);
          return (
            <button key={e.emoji} type="button" role="option" aria-selected={false} className="emoji-cell"
              title={`:${e.shortcodes?.[0] ?? e.annotation}:`} aria-label={e.annotation} onClick={() => pick(v)}>{v}</button>
          );
        })}
        {index && query && shown.length === 0 && customHits.length === 0 && <p className="muted">No emoji found.</p>}
      </div>
    </div>
  );
}

function isCustomCode(e: string): boolean {
  return e.length > 2 && e.startsWith(":") && e.endsWith(":");
}
