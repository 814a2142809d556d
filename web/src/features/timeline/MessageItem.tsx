import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import type { MessageDto } from "../../api/types";
import { PersonAvatar } from "../presence/PersonAvatar";
import { exactTime, clockTime } from "../../lib/days";
import { RelativeTime } from "../../components/RelativeTime";
import { isBigEmoji, replaceShortcodes } from "../../lib/emoji";
import { plainPreview, renderMarkdown } from "../../lib/markdown";
import type { OutgoingMessage } from "../../lib/outbox";
import type { KnownUser } from "../chat/chatStore";
import { useChatStore } from "../chat/useChat";
import { EmojiPickerPopover } from "../emoji/EmojiPickerPopover";
import { Reactions } from "./Reactions";
import { InlineEditor } from "./InlineEditor";
import { Icon } from "../../components/Icon";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Attachments } from "./Attachments";
import { LinkPreviews } from "./LinkPreviews";
import { MarkdownBody } from "./MarkdownBody";
import { mentionsMe } from "../../lib/mentions";
import { MenuButton, type MenuItem } from "../../components/Menu";
import { ReportDialog } from "../moderation/ReportDialog";
import { VersionsDialog } from "../pins/VersionsDialog";
import { ThreadSummaryLine } from "../threads/ThreadSummaryLine";
import { PollCard } from "../polls/PollCard";
import { useSession } from "../chat/session";
import { useStore } from "../../lib/store";

interface Props {
  message: MessageDto;
  outgoing: OutgoingMessage | null;
  continued: boolean;
  senderName: string;
  replySenderName: string;
  meId: string;
  users: Record<string, KnownUser>;
  editing: boolean;
  flash: boolean;
  emojiMap: ReadonlyMap<string, string> | null;
  onEdit: (id: string | null) => void;
  onReply: (m: MessageDto) => void;
  onShowProfile: (userId: string) => void;
  /** I may remove other people's messages here (a moderator; the server decides). */
  canRemove?: boolean;
  /** I may pin messages here (PinMessages, or a member where the room allows it, or a DM). */
  canPin?: boolean;
  /** I may close other people's polls here (ClosePolls); my own I always may. */
  canClosePolls?: boolean;
  /** Shown in a thread's panel: it is the thread, so no thread actions or summary, and no quote reply. */
  inThread?: boolean;
}

/** One message (or system line) as an <article data-seq>. */
export const MessageItem = memo(function MessageItem(p: Props) {
  const { message: m, outgoing } = p;
  const store = useChatStore();
  const { threads } = useSession();
  const [picker, setPicker] = useState<DOMRect | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [showVersions, setShowVersions] = useState(false);
  const { saved, customEmoji } = useSession();
  const isSaved = useStore(saved, (s) => s.ids.has(m.id));
  const custom = useStore(customEmoji, (s) => s.urls);
  const ref = useRef<HTMLElement>(null);
  // Touch screens have no hover: a tap on the message shows its actions, a tap elsewhere hides them.
  const [tapped, setTapped] = useState(false);
  useEffect(() => {
    if (!tapped) return;
    const away = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setTapped(false);
    };
    document.addEventListener("pointerdown", away, true);
    // The actions open under the message: keep them on screen.
    requestAnimationFrame(() => ref.current?.querySelector(".message-actions")?.scrollIntoView({ block: "nearest" }));
    return () => document.removeEventListener("pointerdown", away, true);
  }, [tapped]);
  const meUserName = p.users[p.meId]?.userName ?? "";
  // emojiMap is a dependency so shortcodes render once the emoji data arrives; custom, as the server's emoji change.
  const html = useMemo(() => (m.deletedAt || m.kind === "system" ? "" : renderMarkdown(m.text, meUserName, custom)),
    [m.text, m.deletedAt, m.kind, p.emojiMap, meUserName, custom]);
  const big = useMemo(() => !m.deletedAt && isBigEmoji(p.emojiMap ? replaceShortcodes(m.text, p.emojiMap) : m.text, custom), [m.text, m.deletedAt, p.emojiMap, custom]);

  const time = p.continued ? (
    <time dateTime={m.createdAt} title={exactTime(m.createdAt)} className="message-time">{clockTime(m.createdAt)}</time>
  ) : <RelativeTime iso={m.createdAt} className="message-time" />;

  if (m.kind === "system") {
    return (
      <article className={`message system${p.flash ? " flash" : ""}`} data-seq={m.seq} data-system="true" data-message-id={m.id} tabIndex={-1}>
        <span className="system-icon" aria-hidden="true">→</span>
        <span className="system-text">{m.text}</span>
        {time}
      </article>
    );
  }

  const own = m.senderId === p.meId;
  const deleted = m.deletedAt !== null;
  const mentioned = !own && !deleted && mentionsMe(m, { id: p.meId, userName: meUserName });
  const pending = outgoing !== null;
  const failed = outgoing?.status === "failed";
  const classes = ["message", p.continued ? "continued" : "", pending ? "pending" : "", failed ? "failed" : "", p.flash ? "flash" : "",
    p.editing ? "editing" : "", tapped ? "tapped" : "", mentioned ? "mentioned" : ""].join(" ");
  const files = deleted ? [] : m.files ?? [];
  const more: MenuItem[] = [
    ...(p.canPin ? [{ key: "pin", label: m.pinned ? "Unpin" : "Pin", onSelect: () => void store.setPinned(m.id, !m.pinned) }] : []),
    { key: "save", label: isSaved ? "Remove from saved" : "Save", onSelect: () => void saved.setSaved(m.id, !isSaved) },
    ...(own ? [] : [
      { key: "report", label: "Report…", onSelect: () => setReporting(true) },
      ...(p.canRemove ? [{ key: "remove", label: "Remove", danger: true, onSelect: () => setConfirmRemove(true) }] : []),
    ]),
  ];
  const onTap = (e: MouseEvent) => {
    if ((e.target as Element).closest("a, button, input, textarea, audio, video, .message-actions")) return;
    setTapped(true);
  };

  return (
    <article
      ref={ref}
      className={classes}
      data-seq={pending ? undefined : m.seq}
      data-pending={pending ? "true" : undefined}
      data-failed={failed ? "true" : undefined}
      data-message-id={m.id}
      tabIndex={-1}
      onClick={onTap}
    >
      <div className="message-gutter">
        {p.continued ? time : <PersonAvatar userId={m.senderId} name={p.senderName} url={p.users[m.senderId]?.avatarUrl} onClick={() => p.onShowProfile(m.senderId)} decorative />}
      </div>
      <div className="message-content">
        <header className={p.continued ? "visually-hidden" : "message-header"}>
          <button type="button" className="sender" onClick={() => p.onShowProfile(m.senderId)}>{p.senderName}</button>
          {!p.continued && time}
        </header>
        {m.pinned && !deleted && <div className="pinned-mark" data-testid="pinned-mark">Pinned by {p.users[m.pinned.pinnedBy]?.displayName ?? "…"}</div>}
        {m.replyTo && (
          <button
            type="button"
            className="reply-quote"
            aria-label="Jump to replied message"
            title={`Reply to ${p.replySenderName}`}
            onClick={() => !pending && store.jumpTo(m.roomId, m.replyTo!.id, m.replyTo!.seq)}
          >
            <span className="reply-sender">{p.replySenderName}</span>
            <span className="reply-text">{m.replyTo.deleted ? "This message was deleted." : plainPreview(m.replyTo.text, 140) || "Attachment"}</span>
          </button>
        )}
        {p.editing ? (
          <InlineEditor initial={m.text} onCancel={() => p.onEdit(null)} onSave={async (text) => {
            if (text.trim() === "" ) return;
            if (text !== m.text && !(await store.editMessage(m.id, text))) return;
            p.onEdit(null);
          }} />
        ) : deleted ? (
          <p className="deleted">{m.removedByModerator ? "Removed by a moderator" : "This message was deleted."}</p>
        ) : m.text !== "" || m.editedAt ? (
          <div className={`message-text ${big ? "big-emoji" : ""}`}>
            <MarkdownBody html={html} />
            {m.editedAt && (
              <button type="button" className="edited link" title={`Edited ${exactTime(m.editedAt)}: show edit history`}
                aria-label="Edited: show edit history" onClick={() => setShowVersions(true)}>(edited)</button>
            )}
          </div>
        ) : null}
        {m.poll && !deleted && (
          <PollCard poll={m.poll} pending={pending} canClose={own || !!p.canClosePolls} users={p.users}
            onVote={(ids) => store.votePoll(m.id, ids)} onClose={() => void store.closePoll(m.id)} />
        )}
        {files.length > 0 && !p.editing && <Attachments files={files} />}
        {!deleted && !p.editing && m.previews && m.previews.length > 0 && (
          <LinkPreviews previews={m.previews} onRemove={own ? () => void store.removePreviews(m.id) : undefined} />
        )}
        {pending && !failed && <div className="pending-note">{outgoing.retryAt === null ? "Sending…"
          : outgoing.errorCode === "slow_mode" ? "Slow mode is on; sending when it allows…" : "Too many messages at once; sending again in a moment…"}</div>}
        {failed && (
          <div className="failed-note" role="alert">
            <span>Not sent{outgoing?.error ? `: ${outgoing.error}` : "."}</span>
            <button type="button" className="link" onClick={() => store.retrySend(outgoing!.clientMessageId)}>Retry</button>
            <button type="button" className="link" onClick={() => store.discardSend(outgoing!.clientMessageId)}>Discard</button>
          </div>
        )}
        {m.thread && m.thread.replyCount > 0 && !pending && !p.inThread && <ThreadSummaryLine thread={m.thread} users={p.users} onOpen={() => void threads.openThread(m)} />}
        {m.threadRootId && m.alsoToRoom && !pending && !p.inThread && (
          <button type="button" className="link thread-origin" onClick={() => void threads.openThread(m)}>Replied in a thread</button>
        )}
        {!deleted && m.reactions.length > 0 && (
          <Reactions reactions={m.reactions} meId={p.meId} users={p.users} emojiMap={p.emojiMap} custom={custom}
            onToggle={(emoji) => store.toggleReaction(m.id, emoji)}
            onAdd={(rect) => setPicker(rect)} />
        )}
      </div>
      {!pending && !deleted && !p.editing && (
        <div className="message-actions" role="toolbar" aria-label="Message actions">
          <button type="button" aria-label="React" title="Add reaction" onClick={(e) => setPicker(e.currentTarget.getBoundingClientRect())}><Icon name="smile" /></button>
          {!p.inThread && <button type="button" aria-label="Reply" title="Reply" onClick={() => p.onReply(m)}><Icon name="reply" /></button>}
          {!p.inThread && <button type="button" aria-label="Reply in thread" title="Reply in thread" onClick={() => void threads.openThread(m)}><Icon name="thread" /></button>}
          {own && <button type="button" aria-label="Edit" title="Edit" onClick={() => p.onEdit(m.id)}><Icon name="edit" /></button>}
          {own && (
            <button type="button" aria-label="Delete" title="Delete" onClick={() => setConfirmDelete(true)}><Icon name="trash" /></button>
          )}
          {more.length > 0 && (
            <MenuButton label="More actions" title="More actions" button={<Icon name="menu" />} placement="down-end" items={more} />
          )}
        </div>
      )}
      {confirmRemove && (
        <ConfirmDialog label="Remove message" text={`Remove this message by ${p.senderName}? Everyone will see "Removed by a moderator".`}
          confirm="Remove" onClose={() => setConfirmRemove(false)} onConfirm={() => void store.deleteMessage(m.id)}
          focusAfterConfirm={() => ref.current} />
      )}
      {reporting && <ReportDialog messageId={m.id} onClose={() => setReporting(false)} />}
      {showVersions && <VersionsDialog messageId={m.id} onClose={() => setShowVersions(false)} />}
      {confirmDelete && (
        <ConfirmDialog label="Delete message" text="Delete this message? This can't be undone." confirm="Delete"
          onClose={() => setConfirmDelete(false)} onConfirm={() => void store.deleteMessage(m.id)}
          // The Delete button goes away with the message: focus stays on the message (its tombstone) instead.
          focusAfterConfirm={() => ref.current} />
      )}
      {picker && (
        <EmojiPickerPopover anchor={picker} onClose={() => setPicker(null)} onPick={(emoji) => {
          setPicker(null);
          void store.toggleReaction(m.id, emoji);
        }} />
      )}
    </article>
  );
});
