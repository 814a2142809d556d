import { useEffect, useId, useMemo, useRef, useState, type ClipboardEvent } from "react";
import { useMentionSuggestions } from "./MentionSuggestions";
import type { MessageDto } from "../../api/types";
import { attachments, canSend, sendBlockedReason, type StagedUpload } from "../../lib/uploads";
import { formatDuration, pastedName } from "../../lib/files";
import { StagedFiles } from "./StagedFiles";
import { useVoiceRecorder } from "./useVoiceRecorder";
import { createTypingThrottle } from "../../lib/typing";
import { replaceShortcodesInProse } from "../../lib/emoji";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { EmojiPickerPopover } from "../emoji/EmojiPickerPopover";
import { Icon } from "../../components/Icon";
import { autoSize } from "./autoSize";
import { loadDraft, saveDraft } from "./drafts";
import { useRoomPermissions } from "../moderation/useRoomPermissions";
import { useSlowMode } from "../moderation/useSlowMode";
import { timedOutNotice } from "../moderation/postingLimits";
import { countdownText } from "../moderation/durations";
import { PollDialog } from "../polls/PollDialog";
import { ScheduleMenu } from "../scheduling/ScheduleMenu";

interface Props {
  roomId: string;
  placeholder: string;
  replyTo: MessageDto | null;
  disabled: boolean;
  onCancelReply: () => void;
  onSent: () => void;
  onEditLast: () => void;
  onSend: (text: string) => void;
  /** "Send later" (text only): resolves false if the server refused, and the text stays. */
  onSchedule?: (text: string, at: Date) => Promise<boolean>;
}

const MAX_LENGTH = 4000;
const NONE: StagedUpload[] = [];

/** Files from a paste, a drop or the file picker, named (a pasted screenshot has no useful name). */
export function filesToStage(list: FileList | readonly File[]): { file: File; name: string }[] {
  return Array.from(list).map((f) => ({ file: f, name: f.name && f.name !== "image.png" ? f.name : pastedName(f.type) }));
}

/**
 * The message box: Enter sends, Shift+Enter new line, Up edits your last message, Esc cancels a reply.
 * Files attached (button, paste, or a drop on the room) are staged above it and go with the caption as one message;
 * the microphone records a voice message that is sent on its own.
 */
export function Composer({ roomId, placeholder, replyTo, disabled, onCancelReply, onSent, onEditLast, onSend, onSchedule }: Props) {
  const store = useChatStore();
  const meId = useChatSelector((s) => s.me.id);
  const emoji = useChatSelector((s) => s.emoji);
  const users = useChatSelector((s) => s.users);
  const staged = useChatSelector((s) => s.uploads?.[roomId] ?? NONE);
  const files = useMemo(() => attachments(staged), [staged]);
  const slowModeSeconds = useChatSelector((s) => s.summaries?.[roomId]?.room.slowModeSeconds);
  const exempt = useRoomPermissions(roomId).can("SkipSlowMode");
  const slowMode = useSlowMode(roomId, slowModeSeconds, exempt);
  const timedOut = useChatSelector((s) => timedOutNotice(s.outbox ?? [], roomId));
  const fileInput = useRef<HTMLInputElement>(null);
  const recorder = useVoiceRecorder(
    (r) => store.addFiles(roomId, [{ file: r.blob, name: r.name, voice: { durationMs: r.durationMs }, autoSend: true }]),
    (message) => store.notify(message),
  );
  const [text, setText] = useState(() => loadDraft(meId, roomId));
  const [picker, setPicker] = useState<DOMRect | null>(null);
  const [pollOpen, setPollOpen] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const throttle = useMemo(() => createTypingThrottle(3000), []);
  const mentions = useMentionSuggestions(roomId, useId());
  const applyText = (next: string, caret: number) => {
    setText(next);
    requestAnimationFrame(() => {
      const el = ref.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(caret, caret);
      autoSize(el);
    });
  };
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
    mentions.update(value, ref.current?.selectionStart ?? value.length);
    if (ref.current) autoSize(ref.current);
    if (value.trim() === "") stopTyping();
    else if (throttle.shouldSend()) {
      typingActive.current = true;
      store.typing(roomId);
    }
  }

  function send() {
    const body = emoji ? replaceShortcodesInProse(text, emoji.byShortcode) : text;
    if (!canSend(files, body) || body.length > MAX_LENGTH || slowMode.leftMs > 0) return;
    onSend(body);
    slowMode.sent();
    setText("");
    stopTyping();
    onSent();
    requestAnimationFrame(() => ref.current && autoSize(ref.current));
  }

  async function schedule(at: Date) {
    const body = emoji ? replaceShortcodesInProse(text, emoji.byShortcode) : text;
    if (!onSchedule || body.trim() === "" || body.length > MAX_LENGTH || files.length > 0) return;
    if (!(await onSchedule(body, at))) return;
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

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = e.clipboardData?.files;
    if (!pasted || pasted.length === 0) return;
    e.preventDefault();
    store.addFiles(roomId, filesToStage(pasted));
  }

  const replyName = replyTo ? users[replyTo.senderId]?.displayName ?? "…" : "";
  const over = text.length > MAX_LENGTH;
  const blocked = sendBlockedReason(files);
  const sendable = canSend(files, text) && !over && slowMode.leftMs === 0;
  const recording = recorder.state.phase !== "idle";
  return (
    <div className="composer">
      {replyTo && (
        <div className="reply-bar">
          <span>Replying to <strong>{replyName}</strong></span>
          <span className="reply-bar-text">{replyTo.text.slice(0, 120) || (replyTo.files?.length ? "Attachment" : "")}</span>
          <button type="button" className="icon-button" aria-label="Cancel reply" onClick={onCancelReply}><Icon name="close" size={16} /></button>
        </div>
      )}
      <StagedFiles items={staged} onRemove={(key) => store.removeUpload(roomId, key)} onRetry={(key) => store.retryUpload(roomId, key)} />
      {recording && (
        <div className="recorder" role="group" aria-label="Recording a voice message">
          <span className="recorder-dot" aria-hidden="true" />
          <span className="recorder-time" role="timer" aria-live="off">
            {recorder.state.phase === "recording" ? `Recording ${formatDuration(recorder.state.elapsedMs)}` : "Starting the microphone…"}
          </span>
          <span className="recorder-actions">
            <button type="button" onClick={() => recorder.stop(false)}>Cancel</button>
            <button type="button" className="primary" disabled={recorder.state.phase !== "recording"} onClick={() => recorder.stop(true)}>
              Send voice message
            </button>
          </span>
        </div>
      )}
      {mentions.list?.((i) => mentions.pick(i, text, ref.current?.selectionStart ?? text.length, applyText))}
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
          {...mentions.comboboxProps}
          onChange={(e) => onChange(e.target.value)}
          onPaste={onPaste}
          onSelect={(e) => mentions.update(text, e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (mentions.onKeyDown(e, text, e.currentTarget.selectionStart, applyText)) return;
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
          <input ref={fileInput} type="file" multiple hidden tabIndex={-1} aria-hidden="true" onChange={(e) => {
            if (e.target.files?.length) store.addFiles(roomId, filesToStage(e.target.files));
            e.target.value = "";
          }} />
          <button type="button" className="icon-button" aria-label="Attach files" title="Attach files" disabled={disabled}
            onClick={() => fileInput.current?.click()}><Icon name="paperclip" size={20} /></button>
          <button type="button" className="icon-button" aria-label="Insert emoji" title="Emoji"
            onClick={(e) => setPicker(e.currentTarget.getBoundingClientRect())}><Icon name="smile" size={20} /></button>
          <button type="button" className="icon-button" aria-label="Record voice message" title="Record voice message"
            aria-pressed={recording} disabled={disabled || recording} onClick={() => void recorder.start()}><Icon name="mic" size={20} /></button>
          <button type="button" className="icon-button" aria-label="Create poll" title="Create poll" disabled={disabled}
            onClick={() => setPollOpen(true)}><Icon name="poll" size={20} /></button>
          {onSchedule && <ScheduleMenu disabled={disabled || text.trim() === "" || over || files.length > 0}
            title={files.length > 0 ? "Scheduled messages are text only" : "Send later"} onPick={(at) => void schedule(at)} />}
          <button type="submit" className="send" aria-label="Send" title={blocked ?? "Send (Enter)"} disabled={!sendable}><Icon name="send" /></button>
        </div>
      </form>
      <div className="composer-help">
        {timedOut ? <span className="field-error" role="status">{timedOut}</span>
          : slowMode.leftMs > 0 ? <span role="timer" aria-live="off" data-testid="slow-mode-countdown">Slow mode: you can send again in {countdownText(slowMode.leftMs)}</span>
          : over ? <span className="field-error">{text.length} / {MAX_LENGTH} characters</span>
          : blocked && files.length > 0 ? <span>{blocked}</span>
          : <span><kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · **bold** _italic_ `code`</span>}
      </div>
      {picker && <EmojiPickerPopover anchor={picker} onClose={() => setPicker(null)} onPick={insert} />}
      {pollOpen && <PollDialog roomId={roomId} onClose={() => setPollOpen(false)} />}
    </div>
  );
}
