import { useChatSelector } from "./useChat";

/** "Reconnecting…" while the hub is not connected; "Offline — …" as soon as the browser goes offline. */
export function ConnectionBanner() {
  const status = useChatSelector((s) => s.status);
  const online = useChatSelector((s) => s.online);
  const outbox = useChatSelector((s) => s.outbox);
  // The window says offline at once; the hub notices only when its keep-alive times out (~16 s).
  if (status === "connected" && online) return null;
  let text: string;
  if (!online) text = "Offline — messages will be sent when you're back. Reconnecting…";
  else if (status === "connecting") text = "Connecting…";
  else text = "Reconnecting…";
  const waiting = outbox.filter((m) => m.status !== "failed").length;
  return (
    <div role="status" className={`connection-banner ${online ? "" : "offline"}`}>
      <span className="spinner" aria-hidden="true" />
      {text}
      {waiting > 0 && online && <span className="banner-extra"> · {waiting} message{waiting === 1 ? "" : "s"} waiting to send</span>}
    </div>
  );
}
