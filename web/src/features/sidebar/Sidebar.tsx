import { useState } from "react";
import type { RoomSummary } from "../../api/types";
import { StatusMenu } from "../presence/StatusMenu";
import { useSession } from "../chat/session";
import { useStore } from "../../lib/store";
import { conversationTitle, isDirect } from "../../lib/names";
import { sortSummaries } from "../../lib/unread";
import { useChat } from "../chat/useChat";
import { navigateToRoom } from "../chat/route";
import type { OpenDialog } from "../dialogs/DialogHost";
import { ConversationItem } from "./ConversationItem";
import { ThemeButton } from "../theme/ThemeButton";
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
  const { friends, chat, threads } = useSession();
  const requests = useStore(friends, (s) => s.incoming.length);
  const unreadThreads = useStore(threads, (s) => s.followed.filter((t) => t.unreadCount > 0).length);
  const all = sortSummaries(Object.values(state.summaries));
  const rooms = all.filter((s) => !isDirect(s));
  const dms = all.filter(isDirect);
  const role = serverRoleOf(state.me);
  // The console for admins and the owner; moderators get its reports queue.
  const consoleItems: MenuItem[] = allows("OpenAdminConsole", role)
    ? [{ key: "admin", label: "Admin console", onSelect: () => { navigateToAdmin("users"); onNavigate(); } }]
    : allows("ReviewReports", role) ? [{ key: "reports", label: "Reports", onSelect: () => { navigateToAdmin("reports"); onNavigate(); } }] : [];

  const open = (s: RoomSummary) => {
    navigateToRoom(s.room.id);
    onNavigate();
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
              { key: "emoji", label: "Custom emoji", onSelect: () => onOpenDialog({ kind: "customEmoji" }) },
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
        <Section title="Rooms" items={rooms} onOpen={open} empty="No rooms yet. Browse or create one." />
        <Section title="Direct messages" items={dms} onOpen={open} empty="No direct messages yet." />
      </nav>
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

function useCollapsed(title: string): [boolean, (v: boolean) => void] {
  const key = `parley.collapsed.${title}`;
  const [v, setV] = useState(() => localStorage.getItem(key) === "1");
  return [v, (next: boolean) => {
    if (next) localStorage.setItem(key, "1");
    else localStorage.removeItem(key);
    setV(next);
  }];
}

function Section({ title, items, onOpen, empty }: { title: string; items: RoomSummary[]; onOpen: (s: RoomSummary) => void; empty: string }) {
  const state = useChat();
  const [collapsed, setCollapsed] = useCollapsed(title);
  const unread = items.reduce((n, s) => n + s.unreadCount, 0);
  const visible = collapsed ? items.filter((s) => s.unreadCount > 0 || s.room.id === state.currentRoomId) : items;
  return (
    <section className="sidebar-section">
      <h2>
        <button type="button" className="section-toggle" aria-expanded={!collapsed} onClick={() => setCollapsed(!collapsed)}>
          <span className="chevron" aria-hidden="true"><Icon name={collapsed ? "chevronRight" : "chevronDown"} size={14} /></span> {title}
          {collapsed && unread > 0 && <span className="section-unread"> · {unread}</span>}
        </button>
      </h2>
      <ul>
        {visible.map((s) => (
          <li key={s.room.id}>
            <ConversationItem
              summary={s}
              meId={state.me.id}
              title={conversationTitle(s, state.me.id, state.users)}
              current={s.room.id === state.currentRoomId}
              typing={(state.typing[s.room.id]?.length ?? 0) > 0}
              onOpen={() => onOpen(s)}
            />
          </li>
        ))}
        {items.length === 0 && state.roomsLoaded && <li className="sidebar-empty">{empty}</li>}
      </ul>
    </section>
  );
}
