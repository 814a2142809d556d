import { useEffect, useRef } from "react";
import { Icon } from "../../components/Icon";
import { useChatSelector } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import { Tabs } from "../../components/Tabs";
import { allows, serverRoleOf, type Permission } from "../moderation/permissions";
import { navigateToAdmin, type AdminTab } from "./adminRoute";
import { UsersTab } from "./UsersTab";
import { RoomsTab } from "./RoomsTab";
import { ReportsTab } from "./ReportsTab";
import { AuditTab } from "./AuditTab";
import { ServerSettingsTab } from "./ServerSettingsTab";
import { InvitesTab } from "./InvitesTab";

const TABS: { key: AdminTab; label: string; needs: Permission }[] = [
  // Moderators see accounts to time people out everywhere; the other account actions stay admins' (UserRow).
  { key: "users", label: "Users", needs: "TimeoutServerWide" },
  { key: "rooms", label: "Rooms", needs: "ManageUsers" },
  { key: "reports", label: "Reports", needs: "ReviewReports" },
  { key: "audit", label: "Audit log", needs: "ReadAuditLog" },
  { key: "settings", label: "Settings", needs: "ManageServer" },
  { key: "invites", label: "Invites", needs: "ManageServer" },
];

/** The tabs my server role opens (moderators: accounts, for time-outs, and the reports queue). */
export function consoleTabs(role: Parameters<typeof allows>[1]) {
  return TABS.filter((t) => allows(t.needs, role));
}

/** The admin console, in place of a conversation (/admin/{tab}); each tab asks the server, which checks again. */
export function AdminConsole({ tab, onOpenDrawer }: { tab: AdminTab; onOpenDrawer: () => void }) {
  const role = useChatSelector((s) => serverRoleOf(s.me));
  const tabs = consoleTabs(role);
  const current = tabs.find((t) => t.key === tab) ?? tabs[0];
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <div className="admin-console">
      <header className="room-header">
        <button type="button" className="icon-button drawer-toggle" aria-label="Open conversations" onClick={onOpenDrawer}><Icon name="menu" /></button>
        <div className="room-title"><h1 ref={heading} tabIndex={-1}>{allows("OpenAdminConsole", role) ? "Administration" : "Moderation"}</h1></div>
        <div className="room-actions"><button type="button" onClick={() => navigateToRoom(null)}>Back to chat</button></div>
      </header>
      {!current ? <p className="admin-section">You don't have access to the console.</p> : (
        <div className="admin-body">
          <Tabs label="Console sections" idPrefix="admin" tabs={tabs} current={current.key} onSelect={navigateToAdmin}>
            {current.key === "users" && <UsersTab />}
            {current.key === "rooms" && <RoomsTab />}
            {current.key === "reports" && <ReportsTab />}
            {current.key === "audit" && <AuditTab />}
            {current.key === "settings" && <ServerSettingsTab />}
            {current.key === "invites" && <InvitesTab />}
          </Tabs>
        </div>
      )}
    </div>
  );
}
