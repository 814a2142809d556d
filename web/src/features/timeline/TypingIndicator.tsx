import { typingSentence } from "../../lib/typing";
import { useChatSelector } from "../chat/useChat";

/** "Alice is typing…" under the timeline; role="status" so screen readers hear it politely. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const typing = useChatSelector((s) => s.typing[roomId]);
  const users = useChatSelector((s) => s.users);
  const names = (typing ?? []).map((u) => users[u.userId]?.displayName ?? u.userName);
  const sentence = typingSentence(names);
  return (
    <div className="typing" role="status" aria-label="Typing">
      {sentence && <><span className="typing-dots" aria-hidden="true"><i /><i /><i /></span>{sentence}</>}
    </div>
  );
}
