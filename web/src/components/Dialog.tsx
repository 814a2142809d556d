import { useRef, type ReactNode } from "react";
import { Icon } from "./Icon";
import { createPortal } from "react-dom";
import { useModal } from "./useModal";

interface Props {
  label: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Show the label as the dialog's heading (default yes). */
  title?: string | null;
  /** Where focus goes on closing when the element that opened it will be gone (see useModal). */
  returnFocus?: () => HTMLElement | null;
}

/**
 * A modal dialog: role="dialog" with an accessible name, over the page (a portal into <body>, the rest inert);
 * Esc and the backdrop close it, Tab stays inside, focus returns afterwards.
 */
export function Dialog({ label, onClose, children, className, title, returnFocus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useModal(ref, onClose, returnFocus);
  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} role="dialog" aria-modal="true" aria-label={label} className={`dialog ${className ?? ""}`} tabIndex={-1}>
        <header className="dialog-header">
          {title !== null && <h2>{title ?? label}</h2>}
          <button type="button" className="icon-button dialog-close" aria-label="Close" onClick={onClose}><Icon name="close" /></button>
        </header>
        {children}
      </div>
    </div>,
    document.body,
  );
}
