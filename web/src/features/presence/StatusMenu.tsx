import type { ChosenPresence } from "../../api/types";
import { errorText } from "../../api/client";
import { MenuButton } from "../../components/Menu";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { useSession } from "../chat/session";
import { PRESENCE_LABEL, usePresence } from "./PresenceDot";

const CHOICES: { status: ChosenPresence; label: string }[] = [
  { status: "online", label: "Online (automatic)" },
  { status: "away", label: "Away" },
  { status: "dnd", label: "Do not disturb" },
];

/** Your own status in the user bar: the dot, and a menu to choose online (automatic), away or do not disturb. */
export function StatusMenu() {
  const { presence } = useSession();
  const chat = useChatStore();
  const meId = useChatSelector((s) => s.me.id);
  const status = usePresence(meId) ?? "online";
  // "online" is automatic: an idle tab shows away without it being chosen; the menu marks the choice we know of.
  const chosen: ChosenPresence = status === "dnd" ? "dnd" : status === "away" ? "away" : "online";
  return (
    <MenuButton
      label={`Status: ${PRESENCE_LABEL[status]}`}
      title="Set your status"
      placement="up"
      buttonClassName="icon-button status-button"
      button={<span className={`presence-dot presence-${status}`} aria-hidden="true" />}
      items={CHOICES.map((c) => ({
        key: c.status,
        label: <><span className={`presence-dot presence-${c.status}`} aria-hidden="true" /> {c.label}</>,
        checked: chosen === c.status,
        onSelect: () => void presence.choose(c.status).catch((e) => chat.notify(errorText(e))),
      }))}
    />
  );
}
