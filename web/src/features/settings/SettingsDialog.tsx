import { useEffect, useId, useState } from "react";
import { errorText } from "../../api/client";
import type { SettingsDto } from "../../api/types";
import { Dialog } from "../../components/Dialog";
import { useStore } from "../../lib/store";
import { browserTimeZone } from "../../lib/timeZones";
import { useChatSelector } from "../chat/useChat";
import { useSession } from "../chat/session";

/** Notifications & privacy: who may DM you, receipts, previews, sound, away time, quiet hours, blocked people. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { settings: store, alerts } = useSession();
  const settings = useStore(store, (s) => s.settings);
  const blocks = useStore(store, (s) => s.blocks);
  const me = useChatSelector((s) => s.me);
  const [error, setError] = useState<string | null>(null);
  const [away, setAway] = useState(String(settings.awayAfterMinutes));
  const [dndStart, setDndStart] = useState(settings.dndSchedule?.start ?? "22:00");
  const [dndEnd, setDndEnd] = useState(settings.dndSchedule?.end ?? "08:00");
  const [permission, setPermission] = useState(typeof Notification === "undefined" ? "unsupported" : Notification.permission);
  const id = useId();

  useEffect(() => alerts.maybeOfferPermission(), [alerts]);
  useEffect(() => setAway(String(settings.awayAfterMinutes)), [settings.awayAfterMinutes]);

  const save = (change: Partial<SettingsDto>) => {
    setError(null);
    store.update(change).catch((e) => setError(errorText(e)));
  };
  const schedule = (start: string, end: string) => ({ start, end, timeZone: me.timeZone || browserTimeZone() });

  return (
    <Dialog label="Notifications & privacy" onClose={onClose} className="wide settings-dialog">
      <div className="dialog-body">
        {error && <div role="alert" className="alert">{error}</div>}
        <h3>Notifications</h3>
        <div className="setting-row">
          <span>Desktop notifications: {permission === "granted" ? "on" : permission === "denied" ? "blocked in the browser" : permission === "unsupported" ? "not supported here" : "off"}</span>
          {permission === "default" && (
            <button type="button" onClick={() => void alerts.enableNotifications().then((p) => setPermission(p))}>Enable notifications</button>
          )}
        </div>
        <label className="check"><input type="checkbox" checked={settings.notificationSound} onChange={(e) => save({ notificationSound: e.target.checked })} /> Play a sound for new messages</label>
        <label className="check"><input type="checkbox" checked={settings.notificationPreview} onChange={(e) => save({ notificationPreview: e.target.checked })} /> Show message text in notifications</label>
        <label className="check">
          <input type="checkbox" checked={settings.dndSchedule !== null} onChange={(e) => save({ dndSchedule: e.target.checked ? schedule(dndStart, dndEnd) : null })} />
          Do not disturb every day
        </label>
        <div className="setting-row indent" role="group" aria-label="Do not disturb hours">
          <label htmlFor={`${id}-from`}>from</label>
          <input id={`${id}-from`} type="time" value={dndStart} onChange={(e) => setDndStart(e.target.value)}
            onBlur={() => settings.dndSchedule && save({ dndSchedule: schedule(dndStart, dndEnd) })} />
          <label htmlFor={`${id}-to`}>to</label>
          <input id={`${id}-to`} type="time" value={dndEnd} onChange={(e) => setDndEnd(e.target.value)}
            onBlur={() => settings.dndSchedule && save({ dndSchedule: schedule(dndStart, dndEnd) })} />
        </div>
        <div className="setting-row">
          <label htmlFor={`${id}-away`}>Show me as away after</label>
          <input id={`${id}-away`} type="number" min={1} max={240} value={away} className="narrow"
            onChange={(e) => setAway(e.target.value)}
            onBlur={() => {
              const n = Number(away);
              if (Number.isInteger(n) && n !== settings.awayAfterMinutes) save({ awayAfterMinutes: n });
            }} />
          <span>minutes without activity</span>
        </div>
        <h3>Privacy</h3>
        <div className="setting-row">
          <label htmlFor={`${id}-dm`}>Who can start a direct message with you</label>
          <select id={`${id}-dm`} value={settings.dmPolicy} onChange={(e) => save({ dmPolicy: e.target.value as SettingsDto["dmPolicy"] })}>
            <option value="everyone">Everyone</option>
            <option value="friends">Friends only</option>
          </select>
        </div>
        <label className="check"><input type="checkbox" checked={settings.readReceipts} onChange={(e) => save({ readReceipts: e.target.checked })} /> Share read receipts in direct messages (off: you see nobody's either)</label>
        <h3>Blocked people</h3>
        <ul className="people-list" aria-label="Blocked people">
          {blocks.map((b) => (
            <li key={b.user.id} className="person-row">
              <span className="person-text"><span className="person-name">{b.user.displayName}</span><small>@{b.user.userName}</small></span>
              <span className="person-actions">
                <button type="button" aria-label={`Unblock ${b.user.displayName}`} onClick={() => store.unblock(b.user.id).catch((e) => setError(errorText(e)))}>Unblock</button>
              </span>
            </li>
          ))}
          {blocks.length === 0 && <li className="muted">You haven't blocked anyone.</li>}
        </ul>
      </div>
    </Dialog>
  );
}
