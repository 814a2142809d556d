import { useEffect, useRef, useState } from "react";
import { autoSize } from "../composer/autoSize";

interface Props {
  initial: string;
  onSave: (text: string) => void;
  onCancel: () => void;
}

/** Editing a message in place: Enter saves, Shift+Enter new line, Esc cancels. */
export function InlineEditor({ initial, onSave, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Where focus was when editing began: the composer (↑), or nothing when the toolbar's Edit button went away.
    const before = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    const message = el.closest<HTMLElement>("article");
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    autoSize(el);
    return () => {
      // Saved or cancelled with focus in the editor, which is gone now: back to where editing began, or the message,
      // not the page. Focus that moved elsewhere meanwhile (a click) stays there.
      const now = document.activeElement;
      if (now && now !== document.body && now !== el) return;
      (before?.isConnected ? before : message)?.focus();
    };
  }, []);
  return (
    <div className="inline-editor">
      <textarea
        ref={ref}
        aria-label="Edit message"
        value={text}
        rows={1}
        onChange={(e) => {
          setText(e.target.value);
          autoSize(e.target);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            onSave(text);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <div className="inline-editor-help">
        Enter to <button type="button" className="link" onClick={() => onSave(text)}>save</button>, Esc to <button type="button" className="link" onClick={onCancel}>cancel</button>
      </div>
    </div>
  );
}
