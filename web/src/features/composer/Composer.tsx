import { useEffect, useMemo, useRef, useState } from "react";
import type { MessageDto } from "../../api/types";
import { createTypingThrottle } from "../../lib/typing";
import { replaceShortcodesInProse } from "../../lib/emoji";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { EmojiPickerPopover } from "../emoji/EmojiPickerPopover";
import { Icon } from "../../components/Icon";
import { autoSize } from "./autoSize";
import { loadDraft, saveDraft } from "./drafts";

interface Props {
  roomId: string;
  placeholder: string;
  replyTo: MessageDto | null;
  disabled: boolean;
  onCancelReply: () => void;
  onSent: () => void;
  onEditLast: () => void;
  onSend: (text: string) => void;
}

const MAX_LENGTH = 4000;

/** The message box: Enter sends, Shift+Enter new line, Up edits your last message, Esc cancels a reply. */
export function Composer({ roomId, placeholder, replyTo, disabled, onCancelReply, onSent, onEditLast, onSend }: Props) {
  const store = useChatStore();
  const meId = useChatSelector((s) => s.me.id);
  const emoji = useChatSelector((s) => s.emoji);
  const users = useChatSelector((s) => s.users);
  const [text, setText] = useState(() => loadDraft(meId, roomId));
  const [picker, setPicker] = useState<DOMRect | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const throttle = useMemo(() => createTypingThrottle(3000), []);
  const typingActive = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (el) {
      autoSize(el);
      if (window.matchMedia?.("(pointer: fine)").matches !== false) el.focus();
    }
  }, []);

  useEffect(() => saveDraft(meId, roomId, text), [meId, roomId, text]);

  // Leaving the room while typing: tell the others.
  useEffect(() => () => {
    if (typingActive.current) store.stopTyping(roomId);
  }, [store, roomId]);

  function stopTyping() {
    if (typingActive.current) store.stopTyping(roomId);
    typingActive.current = false;
    throttle.reset();
  }

  function onChange(value: string) {
    setText(value);
    if (ref.current) autoSize(ref.current);
    if (value.trim() === "") stopTyping();
    else if (throttle.shouldSend()) {
      typingActive.current = true;
      store.typing(roomId);
    }
  }

  function send() {
    const body = emoji ? replaceShortcodesInProse(text, emoji.byShortcode) : text;
    if (body.trim() === "" || body.length > MAX_LENGTH) return;
    onSend(body);
    setText("");
    stopTyping();
    onSent();
    requestAnimationFrame(() => ref.current && autoSize(ref.current));
  }

  function insert(emoji: string) {
    const el = ref.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    setText(next);
    setPicker(null);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  }

  const replyName = replyTo ? users[replyTo.senderId]?.displayName ?? "…" : "";
  const over = text.length > MAX_LENGTH;
  return (
    <div className="composer">
      {replyTo && (
        <div className="reply-bar">
          <span>Replying to <strong>{replyName}</strong></span>
          <span className="reply-bar-text">{replyTo.text.slice(0, 120)}</span>
          <button type="button" className="icon-button" aria-label="Cancel reply" onClick={onCancelReply}>✕</button>
        </div>
      )}
      <form className="composer-box" onSubmit={(e) => {
        e.preventDefault();
        send();
      }}>
        <textarea
          ref={ref}
          aria-label="Message"
          placeholder={placeholder}
          rows={1}
          value={text}
          disabled={disabled}
          maxLength={MAX_LENGTH * 2}
          aria-invalid={over}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            } else if (e.key === "ArrowUp" && text === "") {
              e.preventDefault();
              onEditLast();
            } else if (e.key === "Escape" && replyTo) {
              e.preventDefault();
              onCancelReply();
            }
          }}
          onBlur={() => text.trim() === "" && stopTyping()}
        />
        <div className="composer-tools">
          <button type="button" className="icon-button" aria-label="Insert emoji" title="Emoji"
            onClick={(e) => setPicker(e.currentTarget.getBoundingClientRect())}><Icon name="smile" size={20} /></button>
          <button type="submit" className="send" aria-label="Send" title="Send (Enter)" disabled={text.trim() === "" || over}><Icon name="send" /></button>
        </div>
      </form>
      <div className="composer-help">
        {over ? <span className="field-error">{text.length} / {MAX_LENGTH} characters</span>
          : <span><kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · **bold** _italic_ `code`</span>}
      </div>
      {picker && <EmojiPickerPopover anchor={picker} onClose={() => setPicker(null)} onPick={insert} />}
    </div>
  );
}
