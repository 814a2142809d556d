import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { ReceiptLine } from "../receipts/ReceiptLine";
import type { MessageDto, RoomSummary } from "../../api/types";
import { buildRows, type TimelineEntry } from "../../lib/days";
import type { OutgoingMessage } from "../../lib/outbox";
import { forRoom, outgoingAsMessage } from "../../lib/outbox";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { MessageItem } from "./MessageItem";
import { mayPin } from "../moderation/permissions";
import { NewMessagesAnnouncer } from "./NewMessagesAnnouncer";
import { HiddenMessages } from "./HiddenMessages";
import { foldHidden } from "../../lib/hiddenRuns";
import { isThreadOnly } from "../../lib/timeline";
import { useSession } from "../chat/session";
import { useStore } from "../../lib/store";
import { pendingPoll } from "../polls/pollDraft";
import { useRoomPermissions } from "../moderation/useRoomPermissions";

export interface DisplayEntry extends TimelineEntry {
  message: MessageDto;
  outgoing: OutgoingMessage | null;
}

interface Props {
  summary: RoomSummary;
  editingId: string | null;
  onEdit: (id: string | null) => void;
  onReply: (m: MessageDto) => void;
  onShowProfile: (userId: string) => void;
}

const NEAR_BOTTOM_PX = 48;
const LOAD_OLDER_PX = 300;

function isTextField(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
}

/**
 * The message log: day dividers, grouping, history paging that keeps the scroll position, jump to latest, mark read.
 * After a jump far back it shows a window detached from the latest: newer pages load as the reader scrolls down.
 */
export function Timeline({ summary, editingId, onEdit, onReply, onShowProfile }: Props) {
  const store = useChatStore();
  const roomId = summary.room.id;
  // Only the parts of the state the log shows: typing, the sidebar's traffic and the like don't re-render it.
  const meId = useChatSelector((s) => s.me.id);
  const perms = useRoomPermissions(summary.room.id);
  const canRemove = perms.can("DeleteAnyMessage");
  const canClosePolls = perms.can("ClosePolls");
  const canPin = mayPin(perms.me, summary.room.kind === "dm" || summary.room.kind === "group", summary.room.membersMayPin);
  const timeline = useChatSelector((s) => s.timelines[roomId]);
  const outbox = useChatSelector((s) => s.outbox);
  const marker = useChatSelector((s) => s.unreadMarker[roomId] ?? null);
  const loadingOlder = useChatSelector((s) => s.loadingOlder[roomId] ?? false);
  const highlight = useChatSelector((s) => s.highlight);
  const currentRoomId = useChatSelector((s) => s.currentRoomId);
  const names = useChatSelector((s) => s.users);
  const emojiMap = useChatSelector((s) => s.emoji?.byShortcode ?? null);
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const snapshot = useRef<{ firstKey: string | null; scrollHeight: number; scrollTop: number; detached: boolean }>({ firstKey: null, scrollHeight: 0, scrollTop: 0, detached: false });
  const detached = timeline?.detached === true;
  const initialScrollDone = useRef(false);
  const [showJump, setShowJump] = useState(false);
  const [flashId, setFlashId] = useState<string | null>(null);

  const entries: DisplayEntry[] = useMemo(() => {
    // Replies kept to their thread show in its panel only.
    const list: DisplayEntry[] = (timeline?.messages ?? []).filter((m) => !isThreadOnly(m)).map((m) => ({
      key: m.id, senderId: m.senderId, kind: m.kind, createdAt: m.createdAt, seq: m.seq, message: m, outgoing: null,
    }));
    // Sending leaves a window far back for the latest; a message waiting to be sent is not shown at the end of one.
    if (!timeline?.detached) for (const o of forRoom(outbox, roomId)) {
      list.push({ key: o.clientMessageId, senderId: o.senderId, kind: "text", createdAt: o.createdAt, seq: null, message: outgoingAsMessage(o, o.poll ? pendingPoll(o.poll) : null), outgoing: o });
    }
    return list;
  }, [timeline, outbox, roomId]);

  // A blocked sender's messages fold into one row per run until shown.
  const { settings } = useSession();
  const blocked = useStore(settings, (s) => s.blocked);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => foldHidden(buildRows(entries, marker), (e) =>
    blocked.has(e.senderId) && e.kind !== "system" && e.message.deletedAt === null && !revealed.has(e.key),
  ), [entries, marker, blocked, revealed]);
  const reveal = useCallback((keys: readonly string[]) => setRevealed((r) => new Set([...r, ...keys])), []);
  const lastKey = entries[entries.length - 1]?.key ?? null;

  const markReadIfVisible = useCallback(() => {
    if (atBottom.current && document.visibilityState === "visible" && document.hasFocus()) void store.markRead(roomId);
  }, [store, roomId]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    snapshot.current = { ...snapshot.current, scrollHeight: el.scrollHeight, scrollTop: el.scrollTop };
    if (atBottom.current) {
      setShowJump(false);
      markReadIfVisible();
    }
    if (el.scrollTop < LOAD_OLDER_PX && timeline?.hasMoreOlder && timeline.loaded) void store.loadOlder(roomId);
    if (el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_OLDER_PX && timeline?.detached) void store.loadNewer(roomId);
  }, [markReadIfVisible, timeline, store, roomId]);

  // Keep the view where the reader is: stick to the bottom, keep position when older pages come in above.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !timeline?.loaded) return;
    const firstKey = entries[0]?.key ?? null;
    const prev = snapshot.current;
    if (!initialScrollDone.current) {
      // Wait until the store has opened the room (it places the "New messages" divider).
      if (currentRoomId !== roomId) return;
      initialScrollDone.current = true;
      const divider = el.querySelector<HTMLElement>(".unread-divider");
      if (divider) el.scrollTop = Math.max(0, divider.offsetTop - el.clientHeight / 3);
      else el.scrollTop = el.scrollHeight;
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    } else if (prev.firstKey && firstKey !== prev.firstKey && entries.some((e) => e.key === prev.firstKey)) {
      el.scrollTop = prev.scrollTop + (el.scrollHeight - prev.scrollHeight);
    } else if (atBottom.current && !detached && !(prev.detached && firstKey === prev.firstKey)) {
      // Not in a detached window, nor as it joins the latest: newer pages come in below where the reader is.
      el.scrollTop = el.scrollHeight;
    }
    snapshot.current = { firstKey, scrollHeight: el.scrollHeight, scrollTop: el.scrollTop, detached };
    // Not enough history to scroll: load more.
    if (el.scrollHeight <= el.clientHeight + LOAD_OLDER_PX && timeline.hasMoreOlder) void store.loadOlder(roomId);
    if (el.scrollHeight <= el.clientHeight + LOAD_OLDER_PX && detached) void store.loadNewer(roomId);
  }, [rows, entries, timeline, detached, store, roomId, currentRoomId]);

  // New messages while scrolled up: offer the jump; own sends always scroll down.
  const lastSeenKey = useRef<string | null>(null);
  useEffect(() => {
    if (lastKey && lastSeenKey.current && lastKey !== lastSeenKey.current) {
      const last = entries[entries.length - 1];
      if (last?.senderId === meId && last.outgoing) {
        atBottom.current = true;
        const el = ref.current;
        if (el) el.scrollTop = el.scrollHeight;
      } else if (!atBottom.current) {
        setShowJump(true);
      }
    }
    lastSeenKey.current = lastKey;
    markReadIfVisible();
  }, [lastKey, entries, meId, markReadIfVisible]);

  // Mark read when the tab regains focus with the latest message in view.
  useEffect(() => {
    window.addEventListener("focus", markReadIfVisible);
    document.addEventListener("visibilitychange", markReadIfVisible);
    return () => {
      window.removeEventListener("focus", markReadIfVisible);
      document.removeEventListener("visibilitychange", markReadIfVisible);
    };
  }, [markReadIfVisible]);

  // Unread count changes while at the bottom (e.g. after catch-up): mark read.
  useEffect(() => {
    if (summary.unreadCount > 0) markReadIfVisible();
  }, [summary.unreadCount, markReadIfVisible]);

  // Scroll to and flash a highlighted message (reply jump).
  useEffect(() => {
    if (!highlight || highlight.roomId !== roomId) return;
    const id = CSS.escape(highlight.messageId);
    const el = ref.current?.querySelector<HTMLElement>(`[data-message-id="${id}"], [data-hidden-ids~="${id}"]`);
    if (!el) {
      store.notify("That message is no longer available.");
      return;
    }
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
    setFlashId(highlight.messageId);
    const t = setTimeout(() => setFlashId(null), 2200);
    return () => clearTimeout(t);
  }, [highlight, roomId, store]);

  function jumpToLatest() {
    atBottom.current = true;
    setShowJump(false);
    // A detached window is left for the latest page, which lands at the bottom.
    if (detached) return store.showLatest(roomId);
    const el = ref.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
  }

  // End or Escape in the log: to the latest, as chat apps do (not while typing in a field in it, e.g. editing).
  function onKeyDown(e: KeyboardEvent) {
    if (e.defaultPrevented || isTextField(e.target) || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== "End" && e.key !== "Escape") return;
    // At the latest already: End scrolls as it always does, Escape is left to others.
    if (!detached && !showJump) return;
    e.preventDefault();
    jumpToLatest();
  }

  return (
    <div className="timeline-wrap">
      {/* Not live: history loading in would be read out. New messages are announced by NewMessagesAnnouncer. */}
      <div className="timeline" ref={ref} role="log" aria-label="Messages" aria-live="off" tabIndex={0} onScroll={onScroll} onKeyDown={onKeyDown}>
        {timeline?.loaded && !timeline.hasMoreOlder && (
          <div className="timeline-start">
            <p className="timeline-start-title">{summary.room.kind === "public" || summary.room.kind === "private" ? `This is the very beginning of #${summary.room.name}` : "This is the start of your conversation"}</p>
            {summary.room.topic && <p>{summary.room.topic}</p>}
          </div>
        )}
        {loadingOlder && <div className="loading-older" aria-hidden="true">Loading older messages…</div>}
        {!timeline?.loaded && <div className="loading-older">Loading messages…</div>}
        {rows.map((row) => {
          if (row.type === "day") {
            return <div key={row.key} className="day-divider" role="separator"><span>{row.label}</span></div>;
          }
          if (row.type === "hidden") {
            return <HiddenMessages key={row.key} entries={row.entries} onShow={reveal} />;
          }
          if (row.type === "unread") {
            return <div key={row.key} className="unread-divider" role="separator" aria-label="New messages"><span>New messages</span></div>;
          }
          const e = row.entry;
          return (
            <MessageItem
              key={row.key}
              message={e.message}
              outgoing={e.outgoing}
              continued={row.continued}
              senderName={names[e.senderId]?.displayName ?? "…"}
              replySenderName={e.message.replyTo ? names[e.message.replyTo.senderId]?.displayName ?? "…" : ""}
              meId={meId}
              users={names}
              editing={editingId === e.message.id}
              flash={flashId === e.message.id}
              emojiMap={emojiMap}
              onEdit={onEdit}
              onReply={onReply}
              onShowProfile={onShowProfile}
              canRemove={canRemove}
              canPin={canPin}
              canClosePolls={canClosePolls}
            />
          );
        })}
        {(summary.room.kind === "dm" || summary.room.kind === "group") && <ReceiptLine summary={summary} />}
      </div>
      <NewMessagesAnnouncer messages={timeline?.messages ?? []} loaded={timeline?.loaded ?? false} meId={meId} users={names} />
      {(showJump || detached) && (
        <button type="button" className="jump-latest" onClick={jumpToLatest}>Jump to latest ↓</button>
      )}
    </div>
  );
}
