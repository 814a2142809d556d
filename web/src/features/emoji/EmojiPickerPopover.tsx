import { useEffect, useRef } from "react";
import { createPortal } from "react-dom";
import { EmojiPicker } from "./EmojiPicker";
import { useModal } from "../../components/useModal";

interface Props {
  anchor: DOMRect;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

const WIDTH = 340;
const HEIGHT = 380;

/** The picker next to the button that opened it, kept on screen; modal (see useModal); closes on outside click or Esc. */
export function EmojiPickerPopover({ anchor, onPick, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useModal(ref, onClose);
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [onClose]);
  const left = Math.max(8, Math.min(window.innerWidth - WIDTH - 8, anchor.right - WIDTH));
  const below = anchor.bottom + 6;
  const top = below + HEIGHT > window.innerHeight - 8 ? Math.max(8, anchor.top - HEIGHT - 6) : below;
  return createPortal(
    <div ref={ref} className="popover" style={{ left, top, width: Math.min(WIDTH, window.innerWidth - 16) }}>
      <EmojiPicker onPick={onPick} onClose={onClose} />
    </div>,
    document.body,
  );
}
