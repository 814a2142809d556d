import { useEffect, useRef, useState } from "react";
import type { MessageDto } from "../../api/types";
import { plainPreview } from "../../lib/markdown";
import type { KnownUser } from "../chat/chatStore";

interface Props {
  messages: readonly MessageDto[];
  loaded: boolean;
  meId: string;
  users: Record<string, KnownUser>;
}

/** The text of a message, or what it carries when it has none ("a picture", "a voice message", "3 files"). */
function describe(m: MessageDto): string {
  const text = plainPreview(m.text, 200);
  const files = m.files ?? [];
  if (files.length === 0) return text;
  const what = files.length > 1 ? `${files.length} files`
    : files[0]!.kind === "image" ? "a picture"
    : files[0]!.kind === "audio" && /^Voice message\b/.test(files[0]!.name) ? "a voice message"
    : files[0]!.kind === "video" ? "a video"
    : `a file, ${files[0]!.name}`;
  return text ? `${text} (with ${what})` : `sent ${what}`;
}

/** More than this many at once (a catch-up) are announced as a number. */
const MAX_READ_OUT = 3;

/**
 * What screen readers hear as messages arrive: "Bob: hello", one line per new message from someone else. The
 * timeline itself is not a live region, so loading history or paging in older messages is never read out.
 */
export function NewMessagesAnnouncer({ messages, loaded, meId, users }: Props) {
  const lastSeq = messages[messages.length - 1]?.seq ?? 0;
  const heard = useRef<number | null>(null);
  const [text, setText] = useState("");

  useEffect(() => {
    if (!loaded) return;
    const since = heard.current;
    heard.current = Math.max(since ?? 0, lastSeq);
    // The first page is what was there before: nothing to announce.
    if (since === null || lastSeq <= since) return;
    const fresh = messages.filter((m) => m.seq > since && m.kind === "text" && m.senderId !== meId && !m.deletedAt);
    if (fresh.length === 0) return;
    setText(fresh.length > MAX_READ_OUT
      ? `${fresh.length} new messages`
      : fresh.map((m) => `${users[m.senderId]?.displayName ?? "Someone"}: ${describe(m)}`).join("\n"));
  }, [lastSeq, loaded, messages, meId, users]);

  return <div className="visually-hidden" aria-live="polite">{text}</div>;
}
