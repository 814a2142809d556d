import { useEffect, useState } from "react";

export const ADMIN_TABS = ["users", "rooms", "reports", "audit", "settings", "invites"] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

/** The console lives in the URL too: /admin/{tab} (null: not in the console). */
export function adminTabFromPath(path: string): AdminTab | null {
  const m = /^\/admin(?:\/([a-z]+))?\/?$/.exec(path);
  if (!m) return null;
  const tab = (m[1] ?? "users") as AdminTab;
  return ADMIN_TABS.includes(tab) ? tab : "users";
}

export function navigateToAdmin(tab: AdminTab): void {
  const path = `/admin/${tab}`;
  if (location.pathname === path) return;
  history.pushState(null, "", path);
  window.dispatchEvent(new Event("parley:navigate"));
}

export function useAdminRoute(): AdminTab | null {
  const [tab, setTab] = useState(() => adminTabFromPath(location.pathname));
  useEffect(() => {
    const update = () => setTab(adminTabFromPath(location.pathname));
    window.addEventListener("popstate", update);
    window.addEventListener("parley:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("parley:navigate", update);
    };
  }, []);
  return tab;
}
