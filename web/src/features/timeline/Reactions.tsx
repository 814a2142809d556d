import type { ReactionDto } from "../../api/types";
import { replaceShortcodes } from "../../lib/emoji";
import type { KnownUser } from "../chat/chatStore";

interface Props {
  reactions: ReactionDto[];
  meId: string;
  users: Record<string, KnownUser>;
  emojiMap: ReadonlyMap<string, string> | null;
  /** The server's custom emoji: name → image URL. */
  custom: ReadonlyMap<string, string>;
  onToggle: (emoji: string) => void;
  onAdd: (anchor: DOMRect) => void;
}

/** A reaction `:name:` of a custom emoji the server has: its image URL (a removed one shows as its name). */
function customEmojiUrl(emoji: string, custom: ReadonlyMap<string, string>): string | undefined {
  return emoji.length > 2 && emoji.startsWith(":") && emoji.endsWith(":") ? custom.get(emoji.slice(1, -1)) : undefined;
}

function who(r: ReactionDto, meId: string, users: Record<string, KnownUser>): string {
  const names = r.userIds.map((id) => (id === meId ? "You" : users[id]?.displayName ?? "someone"));
  const list = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${list} reacted with ${r.emoji}`;
}

/** Reaction chips "<emoji> <count>": click toggles yours; the tooltip lists who reacted. */
export function Reactions({ reactions, meId, users, emojiMap, custom, onToggle, onAdd }: Props) {
  return (
    <div className="reactions">
      {reactions.map((r) => {
        const mine = r.userIds.includes(meId);
        const image = customEmojiUrl(r.emoji, custom);
        const shown = image ? <img className="emoji" src={image} alt={r.emoji} /> : emojiMap ? replaceShortcodes(r.emoji, emojiMap) : r.emoji;
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
