import { useEffect, useMemo, useState } from "react";
import { EMOJI_GROUPS, searchEmoji, withSkinTone, type EmojiEntry } from "../../lib/emoji";
import { useChatSelector } from "../chat/useChat";
import { recentEmoji, rememberEmoji, setSkinTone, skinTone } from "./emojiData";

interface Props {
  onPick: (emoji: string) => void;
  onClose: () => void;
}

const TONES = ["✋", "✋🏻", "✋🏼", "✋🏽", "✋🏾", "✋🏿"];
const TONE_NAMES = ["default", "light", "medium-light", "medium", "medium-dark", "dark"];
const QUICK = ["👍", "❤️", "😂", "🎉", "😮", "🙏"];

/** In-house emoji picker over emoji-picker-element-data: search, recent, categories, skin tones. */
export function EmojiPicker({ onPick, onClose }: Props) {
  const index = useChatSelector((s) => s.emoji);
  const [query, setQuery] = useState("");
  const [group, setGroup] = useState<number>(-1);
  const [tone, setTone] = useState(skinTone);
  const recent = useMemo(recentEmoji, []);

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
            if (e.key === "Enter" && shown[0]) {
              e.preventDefault();
              pick(withSkinTone(shown[0], tone));
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
          {EMOJI_GROUPS.map((g) => (
            <button key={g.id} type="button" role="tab" aria-selected={group === g.id} title={g.label} aria-label={g.label} onClick={() => setGroup(g.id)}>{g.icon}</button>
          ))}
        </div>
      )}
      <div className="emoji-grid" role="listbox" aria-label={query ? "Search results" : group === -1 ? "Recent" : EMOJI_GROUPS.find((g) => g.id === group)?.label}>
        {!index && <p className="muted">Loading emoji…</p>}
        {!query && group === -1 && recent.map((e) => (
          <button key={e} type="button" role="option" aria-selected={false} className="emoji-cell" aria-label={e} onClick={() => pick(e)}>{e}</button>
        ))}
        {shown.map((e) => {
          const v = withSkinTone(e, tone);
          return (
            <button key={e.emoji} type="button" role="option" aria-selected={false} className="emoji-cell"
              title={`:${e.shortcodes?.[0] ?? e.annotation}:`} aria-label={e.annotation} onClick={() => pick(v)}>{v}</button>
          );
        })}
        {index && query && shown.length === 0 && <p className="muted">No emoji found.</p>}
      </div>
    </div>
  );
}
