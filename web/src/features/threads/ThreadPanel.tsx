import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { MessageDto } from "../../api/types";
import { Icon } from "../../components/Icon";
import { RelativeTime } from "../../components/RelativeTime";
import { useStore } from "../../lib/store";
import { renderMarkdown } from "../../lib/markdown";
import { useChatSelector } from "../chat/useChat";
import { useSession } from "../chat/session";
import { PersonAvatar } from "../presence/PersonAvatar";

/** The open thread beside the room: its root, its replies (live), follow/unfollow and a composer of its own. */
export function ThreadPanel({ roomTitle }: { roomTitle: string }) {
  const { threads } = useSession();
  const open = useStore(threads, (s) => s.open);
  const [text, setText] = useState("");
  const [alsoToRoom, setAlsoToRoom] = useState(false);
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const count = open?.replies.length ?? 0;
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "nearest" });
  }, [count]);
  if (!open) return null;

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (sending || text.trim() === "") return;
    setSending(true);
    const ok = await threads.send(text, alsoToRoom);
    setSending(false);
    if (ok) {
      setText("");
      setAlsoToRoom(false);
    }
  }
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      void submit();
    } else if (e.key === "Escape") threads.close();
  };
  const following = open.state?.following ?? false;

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
        <ThreadMessage message={open.root} root />
        <p className="thread-count muted">{open.root.thread?.replyCount ?? 0} {open.root.thread?.replyCount === 1 ? "reply" : "replies"}</p>
        {open.hasMoreOlder && <button type="button" className="load-more" onClick={() => void threads.loadOlder()}>Load earlier replies</button>}
        <ol ref={list} className="thread-replies" aria-label="Replies">
          {open.replies.map((m) => <li key={m.id}><ThreadMessage message={m} /></li>)}
        </ol>
      </div>
      <form className="thread-composer" onSubmit={(e) => void submit(e)}>
        <textarea aria-label="Reply in thread" placeholder="Reply…" value={text} rows={2}
          onChange={(e) => setText(e.target.value)} onKeyDown={onKey} />
        <div className="thread-composer-row">
          <label><input type="checkbox" checked={alsoToRoom} onChange={(e) => setAlsoToRoom(e.target.checked)} /> Also send to #{roomTitle}</label>
          <button type="submit" disabled={sending || text.trim() === ""}>Send reply</button>
        </div>
      </form>
    </aside>
  );
}

function ThreadMessage({ message: m, root = false }: { message: MessageDto; root?: boolean }) {
  const users = useChatSelector((s) => s.users);
  const me = useChatSelector((s) => s.me);
  const custom = useStore(useSession().customEmoji, (s) => s.urls);
  const html = useMemo(() => (m.deletedAt ? "" : renderMarkdown(m.text, me.userName, custom)), [m.text, m.deletedAt, me.userName, custom]);
  const name = users[m.senderId]?.displayName ?? "…";
  return (
    <article className={`thread-message${root ? " thread-root" : ""}`} data-seq={m.seq} data-message-id={m.id}>
      <PersonAvatar userId={m.senderId} name={name} url={users[m.senderId]?.avatarUrl} size="sm" decorative />
      <div className="thread-message-content">
        <header><strong>{name}</strong> <RelativeTime iso={m.createdAt} className="message-time" /></header>
        {m.deletedAt ? <p className="deleted">This message was deleted.</p> : <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />}
      </div>
    </article>
  );
}
