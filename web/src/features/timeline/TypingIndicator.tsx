import { typingSentence } from "../../lib/typing";
import { useChat } from "../chat/useChat";

/** "Alice is typing…" under the timeline; role="status" so screen readers hear it politely. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const state = useChat();
  const names = (state.typing[roomId] ?? []).map((u) => state.users[u.userId]?.displayName ?? u.userName);
  const sentence = typingSentence(names);
  return (
    <div className="typing" role="status" aria-label="Typing">
      {sentence && <><span className="typing-dots" aria-hidden="true"><i /><i /><i /></span>{sentence}</>}
    </div>
  );
}
