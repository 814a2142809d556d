import { useState, type DragEvent } from "react";
import type { Guid, RoomSummary } from "../../api/types";
import { Icon } from "../../components/Icon";
import { MenuButton, type MenuItem } from "../../components/Menu";
import { conversationTitle } from "../../lib/names";
import { useChat } from "../chat/useChat";
import { ConversationItem } from "./ConversationItem";
import { ConversationMenu } from "./ConversationMenu";
import { defaultKind, fits, moveSection, type SectionView } from "./layout";
import { messagePreview, typingPreview } from "./preview";

/** What a section's and a conversation's menus ask of the sidebar. */
export interface SectionActions {
  open: (s: RoomSummary) => void;
  setCollapsed: (section: SectionView, collapsed: boolean) => void;
  order: (ids: Guid[]) => void;
  rename: (section: SectionView) => void;
  remove: (section: SectionView) => void;
  newSection: (roomId?: Guid) => void;
  favourite: (roomId: Guid, favourite: boolean) => void;
  move: (roomId: Guid, categoryId: Guid) => void;
}

interface Props {
  section: SectionView;
  sections: readonly SectionView[];
  compact: boolean;
  actions: SectionActions;
}

const EMPTY: Record<SectionView["kind"], string> = {
  favourites: "",
  rooms: "No rooms yet. Browse or create one.",
  direct: "No direct messages yet.",
  custom: "Nothing here yet: move conversations in from their menu, or drag them here.",
};

/** Dragged conversations carry their id, and their default section in the type list (readable while dragging over). */
const ROOM_TYPE = "application/x-parley-room";
const homeType = (home: string) => `application/x-parley-home-${home}`;

/**
 * One section: a header that collapses it (a collapsed section still shows its unread conversations and the current
 * one) with its menu, and its conversations, each with its own menu. Conversations may be dropped on it.
 */
export function SidebarSection({ section, sections, compact, actions }: Props) {
  const state = useChat();
  const [dropping, setDropping] = useState(false);
  const { collapsed, items } = section;
  const unread = items.reduce((n, s) => n + s.unreadCount, 0);
  const visible = collapsed ? items.filter((s) => s.unreadCount > 0 || s.room.id === state.currentRoomId) : items;
  const id = section.id;
  // Rooms (or DMs) all moved to other sections: "No rooms yet" would be wrong, and the empty section says enough.
  const placedElsewhere = sections.some((x) => x.items.some((s) => defaultKind(s) === section.kind));

  const accepts = (e: DragEvent) => id !== null && e.dataTransfer.types.includes(ROOM_TYPE)
    && (["rooms", "direct"] as const).some((home) => e.dataTransfer.types.includes(homeType(home)) && fits(section.kind, home));

  const up = id && moveSection(sections, id, -1);
  const down = id && moveSection(sections, id, 1);
  const menu: MenuItem[] = [
    ...(section.kind === "custom" ? [{ key: "rename", label: "Rename…", onSelect: () => actions.rename(section) }] : []),
    ...(up ? [{ key: "up", label: "Move up", onSelect: () => actions.order(up) }] : []),
    ...(down ? [{ key: "down", label: "Move down", onSelect: () => actions.order(down) }] : []),
    { key: "new", label: "New section…", onSelect: () => actions.newSection() },
    ...(section.kind === "custom" ? [{ key: "delete", label: "Delete section…", danger: true, onSelect: () => actions.remove(section) }] : []),
  ];

  return (
    <section className={`sidebar-section ${dropping ? "drop-target" : ""}`} role="group" aria-label={section.title}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(e) => {
        setDropping(false);
        const roomId = e.dataTransfer.getData(ROOM_TYPE);
        if (!accepts(e) || !roomId || !id || items.some((s) => s.room.id === roomId)) return;
        e.preventDefault();
        actions.move(roomId, id);
      }}>
      <div className="section-header">
        <h2>
          <button type="button" className="section-toggle" aria-expanded={!collapsed} disabled={id === null}
            onClick={() => actions.setCollapsed(section, !collapsed)}>
            <span className="chevron" aria-hidden="true"><Icon name={collapsed ? "chevronRight" : "chevronDown"} size={14} /></span> {section.title}
            {collapsed && unread > 0 && <span className="section-unread"> · {unread}</span>}
          </button>
        </h2>
        {id !== null && (
          <MenuButton label={`${section.title} section options`} button={<Icon name="more" size={16} />}
            buttonClassName="icon-button section-more" title="Section options" placement="down-end" items={menu} />
        )}
      </div>
      <ul>
        {visible.map((s) => {
          const title = conversationTitle(s, state.me.id, state.users);
          const nameOf = (userId: Guid) => state.users[userId]?.displayName ?? s.members?.find((m) => m.id === userId)?.displayName;
          const typers = state.typing[s.room.id] ?? [];
          const typing = typingPreview(typers.map((t) => t.userId), s.room.kind, state.me.id,
            (userId) => nameOf(userId) ?? typers.find((t) => t.userId === userId)?.userName);
          return (
            <li key={s.room.id} className="conversation-row"
              onDragStart={(e) => {
                e.dataTransfer.setData(ROOM_TYPE, s.room.id);
                e.dataTransfer.setData(homeType(defaultKind(s)), "");
                e.dataTransfer.effectAllowed = "move";
              }}
              onContextMenu={(e) => {
                // Right-click (or the context-menu key) opens the same menu as the "…" button.
                const more = e.currentTarget.querySelector<HTMLButtonElement>(".conversation-more");
                if (!more || e.target === more) return;
                e.preventDefault();
                more.click();
              }}>
              <ConversationItem
                summary={s}
                meId={state.me.id}
                title={title}
                current={s.room.id === state.currentRoomId}
                typing={typers.length > 0}
                preview={compact ? null : typing ?? messagePreview(s.lastMessage, s.room.kind, state.me.id, nameOf)}
                onOpen={() => actions.open(s)}
              />
              {id !== null && (
                <ConversationMenu summary={s} title={title} section={section} sections={sections}
                  onFavourite={(f) => actions.favourite(s.room.id, f)} onMove={(to) => actions.move(s.room.id, to)}
                  onNewSection={() => actions.newSection(s.room.id)} />
              )}
            </li>
          );
        })}
        {items.length === 0 && state.roomsLoaded && EMPTY[section.kind] && !placedElsewhere && <li className="sidebar-empty">{EMPTY[section.kind]}</li>}
      </ul>
    </section>
  );
}
