import { useChatSelector } from "./useChat";

/** "Reconnecting…" / "Offline — …" while the hub is not connected. */
export function ConnectionBanner() {
  const status = useChatSelector((s) => s.status);
  const online = useChatSelector((s) => s.online);
  const outbox = useChatSelector((s) => s.outbox);
  if (status === "connected") return null;
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
