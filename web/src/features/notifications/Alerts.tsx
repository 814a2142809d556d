import { useStore } from "../../lib/store";
import { Icon } from "../../components/Icon";
import { useSession } from "../chat/session";

/** New-message toasts (a live region; a click opens the conversation) and the offer to enable notifications. */
export function Alerts() {
  const { alerts } = useSession();
  const toasts = useStore(alerts, (s) => s.toasts);
  return (
    <div className="alerts" role="status" aria-live="polite" aria-label="New messages">
      {toasts.map((t) => (
        <div key={t.id} className="alert-toast">
          <button type="button" className="alert-toast-open" onClick={() => alerts.open(t)}>
            <strong className="alert-toast-sender">{t.sender}</strong>
            <span className="alert-toast-place">{t.place}</span>
            <span className="alert-toast-body">{t.body}</span>
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => alerts.dismiss(t.id)}><Icon name="close" size={16} /></button>
        </div>
      ))}
    </div>
  );
}

/** "Get notified of new messages — Enable": shown after your first message (or from settings), never on load. */
export function PermissionBar() {
  const { alerts } = useSession();
  const offer = useStore(alerts, (s) => s.offerPermission);
  if (!offer) return null;
  return (
    <div className="permission-bar" role="region" aria-label="Notifications">
      <span>Get notified of new messages, even when Parley is in the background.</span>
      <button type="button" className="primary" onClick={() => void alerts.enableNotifications()}>Enable notifications</button>
      <button type="button" onClick={() => alerts.dismissOffer()}>Not now</button>
    </div>
  );
}
