import { useChatSelector } from "./useChat";

/** Said while the app shows its saved state, or the browser is offline: reading works, sends wait in the outbox. */
export const OFFLINE_TEXT = "You're offline — showing saved messages; sends will go out when you reconnect.";

/** "Reconnecting…" while the hub is not connected; the offline sentence as soon as the browser goes offline. */
export function ConnectionBanner() {
  const status = useChatSelector((s) => s.status);
  const online = useChatSelector((s) => s.online);
  const savedView = useChatSelector((s) => s.savedView);
  const outbox = useChatSelector((s) => s.outbox);
  // The window says offline at once; the hub notices only when its keep-alive times out (~16 s).
  if (status === "connected" && online && !savedView) return null;
  const offline = !online || savedView;
  let text: string;
  if (offline) text = OFFLINE_TEXT;
  else if (status === "connecting") text = "Connecting…";
  else text = "Reconnecting…";
  const waiting = outbox.filter((m) => m.status !== "failed").length;
  return (
    <div role="status" className={`connection-banner ${offline ? "offline" : ""}`}>
      {!offline && <span className="spinner" aria-hidden="true" />}
      {text}
      {waiting > 0 && <span className="banner-extra"> · {waiting} message{waiting === 1 ? "" : "s"} waiting to send</span>}
    </div>
  );
}
