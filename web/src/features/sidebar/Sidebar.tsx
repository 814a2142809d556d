import { useState } from "react";
import type { Guid, RoomSummary } from "../../api/types";
import { StatusMenu } from "../presence/StatusMenu";
import { useSession } from "../chat/session";
import { useStore } from "../../lib/store";
import { useChat } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import type { OpenDialog } from "../dialogs/DialogHost";
import { ThemeButton } from "../theme/ThemeButton";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { groupSections, isShown, type SectionView } from "./layout";
import { SidebarSection, type SectionActions } from "./SidebarSection";
import { SectionNameDialog } from "./SectionNameDialog";
import { Icon } from "../../components/Icon";
import { MenuButton, type MenuItem } from "../../components/Menu";
import { navigateToAdmin } from "../admin/adminRoute";
import { allows, serverRoleOf } from "../moderation/permissions";

interface Props {
  inert: boolean;
  onOpenDialog: (d: OpenDialog) => void;
  onSignOut: () => void;
  onNavigate: () => void;
}

export function Sidebar({ inert, onOpenDialog, onSignOut, onNavigate }: Props) {
  const state = useChat();
  const { friends, chat, threads, sidebar } = useSession();
  const requests = useStore(friends, (s) => s.incoming.length);
  const unreadThreads = useStore(threads, (s) => s.followed.filter((t) => t.unreadCount > 0).length);
  const layout = useStore(sidebar, (s) => s.layout);
  const compact = useStore(sidebar, (s) => s.compact);
  const sections = groupSections(layout, Object.values(state.summaries));
  // A section's name asked for: a new one (to move a conversation into, when given) or a rename.
  const [naming, setNaming] = useState<{ roomId?: Guid } | { rename: SectionView } | null>(null);
  const [deleting, setDeleting] = useState<SectionView | null>(null);
  const role = serverRoleOf(state.me);
  // The console for admins and the owner; moderators get its reports queue.
  const consoleItems: MenuItem[] = allows("OpenAdminConsole", role)
    ? [{ key: "admin", label: "Admin console", onSelect: () => { navigateToAdmin("users"); onNavigate(); } }]
    : allows("ReviewReports", role) ? [{ key: "reports", label: "Reports", onSelect: () => { navigateToAdmin("reports"); onNavigate(); } }] : [];

  const actions: SectionActions = {
    open: (s: RoomSummary) => {
      navigateToRoom(s.room.id);
      onNavigate();
    },
    setCollapsed: (section, collapsed) => section.id && void sidebar.setCollapsed(section.id, collapsed),
    order: (ids) => void sidebar.orderSections(ids),
    rename: (section) => setNaming({ rename: section }),
    remove: setDeleting,
    newSection: (roomId) => setNaming({ roomId }),
    favourite: (roomId, favourite) => void sidebar.setFavourite(roomId, favourite),
    move: (roomId, categoryId) => void sidebar.moveRoom(roomId, categoryId),
  };

  return (
    <aside className="sidebar" inert={inert}>
      <div className="sidebar-header">
        <div className="sidebar-top">
          <span className="brand">Parley</span>
          <MenuButton label="Workspace menu" button={<Icon name="menu" />} buttonClassName="icon-button" placement="down-end" title="More"
            items={[
              { key: "read", label: <>Mark all as read <kbd>Shift Esc</kbd></>, onSelect: () => void chat.markAllRead() },
              { key: "mentions", label: "Mentions", onSelect: () => onOpenDialog({ kind: "mentions" }) },
              { key: "saved", label: "Saved messages", onSelect: () => onOpenDialog({ kind: "saved" }) },
              { key: "settings", label: "Notifications & privacy", onSelect: () => onOpenDialog({ kind: "settings" }) },
              { key: "security", label: "Password & security", onSelect: () => onOpenDialog({ kind: "security" }) },
              { key: "emoji", label: "Custom emoji", onSelect: () => onOpenDialog({ kind: "customEmoji" }) },
              { key: "section", label: "New section…", onSelect: () => setNaming({}) },
              { key: "compact", label: compact ? "Show message previews" : "Hide message previews", onSelect: () => sidebar.setCompact(!compact) },
              ...consoleItems,
            ]} />
        </div>
        <button type="button" className="jump-button" onClick={() => onOpenDialog({ kind: "jump" })} aria-keyshortcuts="Control+K Meta+K">
          <Icon name="search" size={15} /> Jump to… <kbd>Ctrl K</kbd>
        </button>
      </div>
      <nav aria-label="Conversations" className="conversations">
        <div className="sidebar-actions">
          <button type="button" onClick={() => onOpenDialog({ kind: "browse" })}><Icon name="browse" size={16} />Browse rooms</button>
          <button type="button" onClick={() => onOpenDialog({ kind: "createRoom" })}><Icon name="plus" size={16} />Create room</button>
          <button type="button" onClick={() => onOpenDialog({ kind: "newMessage" })}><Icon name="newMessage" size={16} />New message</button>
          <button type="button" className="sidebar-friends" onClick={() => onOpenDialog({ kind: "friends" })}>
            <Icon name="heart" size={16} />Friends
            {requests > 0 && <span className="badge" role="img" aria-label={`${requests} friend ${requests === 1 ? "request" : "requests"}`}>{requests}</span>}
          </button>
          <button type="button" className="sidebar-people" onClick={() => onOpenDialog({ kind: "people" })}><Icon name="dot" size={16} />Who's online</button>
          <button type="button" className="sidebar-mentions" onClick={() => onOpenDialog({ kind: "mentions" })}><Icon name="atSign" size={16} />Mentions</button>
          <button type="button" className="sidebar-saved" onClick={() => onOpenDialog({ kind: "saved" })}><Icon name="bookmark" size={16} />Saved</button>
          <button type="button" className="sidebar-threads" onClick={() => onOpenDialog({ kind: "threads" })}>
            <Icon name="thread" size={16} />Threads
            {unreadThreads > 0 && <span className="badge" role="img" aria-label={`${unreadThreads} unread ${unreadThreads === 1 ? "thread" : "threads"}`}>{unreadThreads}</span>}
          </button>
        </div>
        {sections.filter(isShown).map((section) => (
          <SidebarSection key={section.id ?? section.kind} section={section} sections={sections} compact={compact} actions={actions} />
        ))}
      </nav>
      {naming && ("rename" in naming ? (
        <SectionNameDialog label="Rename section" initial={naming.rename.title} submitLabel="Rename" onClose={() => setNaming(null)}
          onSubmit={(name) => sidebar.renameSection(naming.rename.id!, name)} />
      ) : (
        <SectionNameDialog label="New section" submitLabel="Create" onClose={() => setNaming(null)}
          onSubmit={async (name) => {
            const id = await sidebar.createSection(name);
            if (naming.roomId) await sidebar.moveRoom(naming.roomId, id);
          }} />
      ))}
      {deleting && (
        <ConfirmDialog label="Delete section" confirm="Delete" onClose={() => setDeleting(null)}
          text={`Delete “${deleting.title}”? Its conversations go back to Rooms and Direct messages.`}
          onConfirm={() => void sidebar.deleteSection(deleting.id!)} />
      )}
      <div className="user-bar">
        <StatusMenu />
        <div className="user-bar-name">
          <strong title={state.me.displayName}>{state.me.displayName}</strong>
          <small title={state.me.statusText || `@${state.me.userName}`}>{state.me.statusText || `@${state.me.userName}`}</small>
        </div>
        <div className="user-bar-actions">
          <button type="button" className="icon-button" onClick={() => onOpenDialog({ kind: "settings" })} aria-label="Notifications & privacy" title="Notifications & privacy"><Icon name="bell" /></button>
          <button type="button" className="icon-button" onClick={() => onOpenDialog({ kind: "profile" })} aria-label="Profile" title="Profile"><Icon name="user" /></button>
          {consoleItems[0] && (
            <button type="button" className="icon-button" onClick={consoleItems[0].onSelect} aria-label={String(consoleItems[0].label)} title={String(consoleItems[0].label)}>
              <Icon name="users" />
            </button>
          )}
          <ThemeButton />
          <button type="button" className="icon-button" onClick={onSignOut} aria-label="Sign out" title="Sign out"><Icon name="signOut" /></button>
        </div>
      </div>
    </aside>
  );
}
