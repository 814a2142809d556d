import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Icon } from "./Icon";

export interface MenuItem {
  key: string;
  label: ReactNode;
  /** Radio items (a choice among several) show and announce whether they are the current one. */
  checked?: boolean;
  onSelect: () => void;
  danger?: boolean;
  /** The menu stays open (its items change: a submenu such as "Move to ▸"), focus on the first new item. */
  keepOpen?: boolean;
}

interface Props {
  /** The button's accessible name. */
  label: string;
  /** What the button shows (defaults to the label). */
  button?: ReactNode;
  buttonClassName?: string;
  title?: string;
  items: MenuItem[];
  /** Where the menu opens. */
  placement?: "up" | "up-end" | "down" | "down-end";
  disabled?: boolean;
  /** Told each time the menu closes, however it closed (a submenu goes back to the main items). */
  onClosed?: () => void;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter/Space/ArrowDown open it with focus on the current item; arrows, Home and
 * End move; Enter or Space picks; Esc closes and gives focus back to the button; a click outside or Tab closes it.
 */
export function MenuButton({ label, button, buttonClassName, title, items, placement = "down", disabled, onClosed }: Props) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Bumped when the items change under an open menu, so focus moves to the new first item.
  const [page, setPage] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelectorAll<HTMLElement>("[role^='menuitem']")[active]?.focus();
  }, [open, active, page]);

  const closedRef = useRef(onClosed);
  closedRef.current = onClosed;
  useEffect(() => {
    if (!open) closedRef.current?.();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", away, true);
    return () => document.removeEventListener("pointerdown", away, true);
  }, [open]);

  const show = (at?: number) => {
    const checked = items.findIndex((i) => i.checked);
    setActive(at ?? (checked >= 0 ? checked : 0));
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const pick = (item: MenuItem) => {
    if (item.keepOpen) {
      item.onSelect();
      setActive(0);
      setPage((p) => p + 1);
      return;
    }
    close(true);
    item.onSelect();
  };

  return (
    <span className="menu-wrap">
      <button ref={buttonRef} type="button" className={buttonClassName} aria-label={button ? label : undefined} title={title} disabled={disabled}
        aria-haspopup="menu" aria-expanded={open} aria-controls={open ? id : undefined}
        onClick={() => (open ? close(false) : show())}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            show(e.key === "ArrowUp" ? items.length - 1 : undefined);
          }
        }}>
        {button ?? label}
      </button>
      {open && (
        <ul ref={menuRef} id={id} role="menu" aria-label={label} className={`menu menu-${placement}`}
          onKeyDown={(e) => {
            const n = items.length;
            if (e.key === "ArrowDown") setActive((a) => (a + 1) % n);
            else if (e.key === "ArrowUp") setActive((a) => (a - 1 + n) % n);
            else if (e.key === "Home") setActive(0);
            else if (e.key === "End") setActive(n - 1);
            else if (e.key === "Escape") close(true);
            else if (e.key === "Tab") return setOpen(false);
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}>
          {items.map((item, i) => (
            <li key={item.key} role={item.checked === undefined ? "menuitem" : "menuitemradio"} aria-checked={item.checked}
              tabIndex={i === active ? 0 : -1} className={`menu-item ${item.danger ? "danger" : ""}`}
              onClick={() => pick(item)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  pick(item);
                }
              }}>
              {item.checked !== undefined && <span className="menu-check" aria-hidden="true">{item.checked ? <Icon name="check" size={14} /> : null}</span>}
              {item.label}
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
