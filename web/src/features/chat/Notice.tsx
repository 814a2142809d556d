import { useEffect } from "react";
import { Icon } from "../../components/Icon";
import { useChatSelector, useChatStore } from "./useChat";

/** A short-lived error toast for actions (edit, delete, react, join…). */
export function Notice() {
  const notice = useChatSelector((s) => s.notice);
  const store = useChatStore();
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => store.notify(null), 6000);
    return () => clearTimeout(t);
  }, [notice, store]);
  if (!notice) return null;
  return (
    <div className="toast" role="alert">
      <span>{notice}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => store.notify(null)}><Icon name="close" size={16} /></button>
    </div>
  );
}
