import { useState } from "react";
import type { Guid, RoomSummary } from "../../api/types";
import { Icon } from "../../components/Icon";
import { MenuButton, type MenuItem } from "../../components/Menu";
import { defaultKind, fits, type SectionView } from "./layout";

interface Props {
  summary: RoomSummary;
  title: string;
  /** The section the conversation is in now. */
  section: SectionView;
  sections: readonly SectionView[];
  onFavourite: (favourite: boolean) => void;
  onMove: (categoryId: Guid) => void;
  onNewSection: () => void;
}

/**
 * A conversation's "…" menu (also its context menu): Favourite or Unfavourite, and "Move to ▸" with the sections it
 * may go in and "New section…". Keyboard users reach all of it; dragging is the shortcut for the mouse.
 */
export function ConversationMenu({ summary, title, section, sections, onFavourite, onMove, onNewSection }: Props) {
  const [moving, setMoving] = useState(false);
  const favourite = section.kind === "favourites";
  const home = defaultKind(summary);
  const targets = sections.filter((s) => s.id !== null && s !== section && fits(s.kind, home));
  const items: MenuItem[] = moving
    ? [
      { key: "back", label: <><Icon name="chevronLeft" size={14} /> Back</>, keepOpen: true, onSelect: () => setMoving(false) },
      ...targets.map((s) => ({ key: s.id!, label: s.title, onSelect: () => onMove(s.id!) })),
      { key: "new", label: "New section…", onSelect: onNewSection },
    ]
    : [
      { key: "favourite", label: favourite ? "Unfavourite" : "Favourite", onSelect: () => onFavourite(!favourite) },
      { key: "move", label: <>Move to <span aria-hidden="true" className="submenu-mark"><Icon name="chevronRight" size={14} /></span></>, keepOpen: true, onSelect: () => setMoving(true) },
    ];
  return (
    <MenuButton label={`Options for ${title}`} button={<Icon name="more" size={16} />} buttonClassName="icon-button conversation-more"
      title="More options" placement="down-end" items={items} onClosed={() => setMoving(false)} />
  );
}
