import { errorText } from "../../api/client";
import type { NotificationLevel, RoomSummary } from "../../api/types";
import { MenuButton } from "../../components/Menu";
import { Icon } from "../../components/Icon";
import { resolveLevel, type ResolvedLevel } from "../../lib/notify";
import { useChatStore } from "../chat/useChat";

const LABELS: Record<ResolvedLevel, string> = { all: "All messages", mentions: "Mentions only", none: "Nothing (muted)" };

/** The conversation's notification level: all messages, mentions only or nothing; the default shows as what it means here. */
export function NotificationMenu({ summary }: { summary: RoomSummary }) {
  const chat = useChatStore();
  const level = resolveLevel(summary.room.kind, summary.notificationLevel);
  const fallback = resolveLevel(summary.room.kind, "default");
  const choose = (l: ResolvedLevel) => {
    // Choosing what the default means goes back to the default (it follows the kind if that ever changes).
    const wire: NotificationLevel = l === fallback ? "default" : l;
    chat.setNotificationLevel(summary.room.id, wire).catch((e) => chat.notify(errorText(e)));
  };
  return (
    <MenuButton
      label={`Notifications: ${LABELS[level]}`}
      title="Notifications for this conversation"
      placement="down-end"
      buttonClassName={`notify-button ${level === "none" ? "is-muted" : ""}`}
      button={<><Icon name="bell" size={16} /> <span className="notify-label">{LABELS[level]}</span></>}
      items={(["all", "mentions", "none"] as const).map((l) => ({
        key: l, checked: level === l, onSelect: () => choose(l),
        label: <>{LABELS[l]}{l === fallback && <span className="muted"> (default)</span>}</>,
      }))}
    />
  );
}
