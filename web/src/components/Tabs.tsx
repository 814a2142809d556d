import { useRef, type ReactNode } from "react";

interface Tab<K extends string> {
  key: K;
  label: string;
}

interface Props<K extends string> {
  label: string;
  tabs: readonly Tab<K>[];
  current: K;
  onSelect: (key: K) => void;
  children: ReactNode;
  idPrefix: string;
}

/** WAI-ARIA tabs (automatic activation): arrows, Home and End move between tabs; the panel is labelled by its tab. */
export function Tabs<K extends string>({ label, tabs, current, onSelect, children, idPrefix }: Props<K>) {
  const list = useRef<HTMLDivElement>(null);
  const move = (to: number) => {
    const tab = tabs[(to + tabs.length) % tabs.length]!;
    onSelect(tab.key);
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`#${idPrefix}-tab-${tab.key}`)?.focus());
  };
  const at = tabs.findIndex((t) => t.key === current);
  return (
    <>
      <div ref={list} role="tablist" aria-label={label} className="tabs" onKeyDown={(e) => {
        if (e.key === "ArrowRight") move(at + 1);
        else if (e.key === "ArrowLeft") move(at - 1);
        else if (e.key === "Home") move(0);
        else if (e.key === "End") move(tabs.length - 1);
        else return;
        e.preventDefault();
      }}>
        {tabs.map((t) => (
          <button key={t.key} type="button" role="tab" id={`${idPrefix}-tab-${t.key}`} aria-selected={t.key === current}
            aria-controls={`${idPrefix}-panel`} tabIndex={t.key === current ? 0 : -1} onClick={() => onSelect(t.key)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${current}`} className="tab-panel">
        {children}
      </div>
    </>
  );
}
