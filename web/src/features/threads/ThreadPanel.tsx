import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Icon } from "../../components/Icon";
import { useStore } from "../../lib/store";
import type { MessageDto } from "../../api/types";
import { forThread, outgoingAsMessage, type OutgoingMessage } from "../../lib/outbox";
import { useChatSelector } from "../chat/useChat";
import { useSession } from "../chat/session";
import { useMentionSuggestions } from "../composer/MentionSuggestions";
import { useRoomPermissions } from "../moderation/useRoomPermissions";
import { MessageItem } from "../timeline/MessageItem";

interface Props {
  roomTitle: string;
  canPin: boolean;
  onShowProfile: (userId: string) => void;
}

const FLASH_MS = 2200;

/**
 * The open thread beside the room: its root and replies as full messages (reactions, edit, delete, files, previews),
 * replies on their way (the outbox: pending, failed with retry), follow/unfollow and a composer of its own.
 */
export function ThreadPanel({ roomTitle, canPin, onShowProfile }: Props) {
  const { threads } = useSession();
  const open = useStore(threads, (s) => s.open);
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
  const emojiMap = useChatSelector((s) => s.emoji?.byShortcode ?? null);
  const outbox = useChatSelector((s) => s.outbox);
  const perms = useRoomPermissions(open?.roomId ?? null);
  const [text, setText] = useState("");
  const [alsoToRoom, setAlsoToRoom] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [flashId, setFlashId] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const mentions = useMentionSuggestions(open?.roomId ?? "", useId());

  const rootId = open?.root.id;
  const replies = open?.replies;
  // Replies on their way; a copy the server already has (a retry answered with the stored one) shows once.
  const pending = useMemo(() => {
    if (!rootId) return [];
    const sent = new Set(replies?.map((m) => m.clientMessageId));
    return forThread(outbox, rootId).filter((o) => !sent.has(o.clientMessageId));
  }, [outbox, rootId, replies]);

  const count = (replies?.length ?? 0) + pending.length;
  const highlight = open?.highlightId ?? null;
  // New replies (and the first page) scroll to the end, unless a jump to a reply is under way.
  const shownCount = useRef(0);
  useEffect(() => {
    if (count === shownCount.current) return;
    shownCount.current = count;
    if (!highlight) list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [count, highlight]);

  // A jump to a reply (search, mentions, saved): show it and flash it once it is in the list.
  const found = highlight !== null && (replies?.some((m) => m.id === highlight) ?? false);
  useEffect(() => {
    if (!highlight || !found) return;
    const el = list.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(highlight)}"]`);
    el?.scrollIntoView({ block: "center" });
    el?.focus({ preventScroll: true });
    setFlashId(highlight);
    threads.highlightShown();
  }, [highlight, found, threads]);
  useEffect(() => {
    if (!flashId) return;
    const t = setTimeout(() => setFlashId(null), FLASH_MS);
    return () => clearTimeout(t);
  }, [flashId]);

  if (!open) return null;
  // A reply deleted (here or in another tab) ends its editing.
  if (editingId && open.replies.find((m) => m.id === editingId)?.deletedAt) setEditingId(null);
  // The server takes no replies to a deleted root.
  const rootDeleted = open.root.deletedAt !== null;

  const applyText = (next: string, caret: number) => {
    setText(next);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(caret, caret);
    });
  };
  function submit(e?: FormEvent) {
    e?.preventDefault();
    if (!threads.send(text, alsoToRoom)) return;
    setText("");
    setAlsoToRoom(false);
  }
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(e, text, e.currentTarget.selectionStart, applyText)) return;
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape") threads.close();
  };
  const following = open.state?.following ?? false;
  const item = (m: MessageDto, outgoing: OutgoingMessage | null = null) => (
    <MessageItem
      message={m}
      outgoing={outgoing}
      continued={false}
      senderName={users[m.senderId]?.displayName ?? "…"}
      replySenderName={m.replyTo ? users[m.replyTo.senderId]?.displayName ?? "…" : ""}
      meId={meId}
      users={users}
      editing={editingId === m.id}
      flash={flashId === m.id}
      emojiMap={emojiMap}
      onEdit={setEditingId}
      onReply={() => box.current?.focus()}
      onShowProfile={onShowProfile}
      canRemove={perms.can("DeleteAnyMessage")}
      canPin={canPin}
      canClosePolls={perms.can("ClosePolls")}
      inThread
    />
  );

  return (
    <aside className="thread-panel" aria-label="Thread">
      <header>
        <h2>Thread <span className="muted">in #{roomTitle}</span></h2>
        <button type="button" className="thread-follow" aria-pressed={following} onClick={() => void threads.follow(!following)}>
          {following ? "Unfollow" : "Follow"}
        </button>
        <button type="button" className="icon-button" aria-label="Close thread" onClick={() => threads.close()}><Icon name="close" /></button>
      </header>
      {open.error && <div role="alert" className="alert">{open.error}</div>}
      <div className="thread-body">
        <div className="thread-root">{item(open.root)}</div>
        <p className="thread-count muted">{open.root.thread?.replyCount ?? 0} {open.root.thread?.replyCount === 1 ? "reply" : "replies"}</p>
        {open.hasMoreOlder && <button type="button" className="load-more" onClick={() => void threads.loadOlder()}>Load earlier replies</button>}
        <ol ref={list} className="thread-replies" aria-label="Replies">
          {open.replies.map((m) => <li key={m.id}>{item(m)}</li>)}
          {pending.map((o) => <li key={o.clientMessageId}>{item(outgoingAsMessage(o), o)}</li>)}
        </ol>
      </div>
      <form className="thread-composer" onSubmit={submit}>
        {rootDeleted && <p className="thread-closed muted" role="status">The message that started this thread was deleted: it takes no more replies.</p>}
        {mentions.list?.((i) => mentions.pick(i, text, box.current?.selectionStart ?? text.length, applyText))}
        <textarea ref={box} aria-label="Reply in thread" placeholder="Reply…" value={text} rows={2} disabled={rootDeleted}
          {...mentions.comboboxProps}
          onChange={(e) => {
            setText(e.target.value);
            mentions.update(e.target.value, e.target.selectionStart ?? e.target.value.length);
          }}
          onSelect={(e) => mentions.update(text, e.currentTarget.selectionStart)}
          onKeyDown={onKey} />
        <div className="thread-composer-row">
          <label><input type="checkbox" checked={alsoToRoom} disabled={rootDeleted} onChange={(e) => setAlsoToRoom(e.target.checked)} /> Also send to #{roomTitle}</label>
          <button type="submit" disabled={rootDeleted || text.trim() === ""}>Send reply</button>
        </div>
      </form>
    </aside>
  );
}
