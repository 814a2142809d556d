import type { ReactionDto } from "../../api/types";
import { replaceShortcodes } from "../../lib/emoji";
import type { KnownUser } from "../chat/chatStore";

interface Props {
  reactions: ReactionDto[];
  meId: string;
  users: Record<string, KnownUser>;
  emojiMap: ReadonlyMap<string, string> | null;
  onToggle: (emoji: string) => void;
  onAdd: (anchor: DOMRect) => void;
}

function who(r: ReactionDto, meId: string, users: Record<string, KnownUser>): string {
  const names = r.userIds.map((id) => (id === meId ? "You" : users[id]?.displayName ?? "someone"));
  const list = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${list} reacted with ${r.emoji}`;
}

/** Reaction chips "<emoji> <count>": click toggles yours; the tooltip lists who reacted. */
export function Reactions({ reactions, meId, users, emojiMap, onToggle, onAdd }: Props) {
  return (
    <div className="reactions">
      {reactions.map((r) => {
        const mine = r.userIds.includes(meId);
        const shown = emojiMap ? replaceShortcodes(r.emoji, emojiMap) : r.emoji;
        return (
          <button key={r.emoji} type="button" className={`reaction ${mine ? "mine" : ""}`} aria-pressed={mine}
            title={who(r, meId, users)} onClick={() => onToggle(r.emoji)}>
            {shown} {r.count}
          </button>
        );
      })}
      <button type="button" className="reaction add-reaction" aria-label="Add emoji" title="Add reaction"
        onClick={(e) => onAdd(e.currentTarget.getBoundingClientRect())}>☺+</button>
    </div>
  );
}
