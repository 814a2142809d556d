import { useSyncExternalStore } from "react";
import { reloadIntoUpdate, subscribeUpdates, updateWaiting } from "./updateStore";

/** A polite banner when a new version of the client is installed and waiting. */
export function UpdateBanner() {
  const waiting = useSyncExternalStore(subscribeUpdates, updateWaiting);
  if (!waiting) return null;
  return (
    <div role="status" className="update-banner">
      <span>A new version of Parley is available.</span>
      <button type="button" className="primary" onClick={reloadIntoUpdate}>Reload</button>
    </div>
  );
}
