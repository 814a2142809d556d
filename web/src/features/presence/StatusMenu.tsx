import type { ChosenPresence } from "../../api/types";
import { errorText } from "../../api/client";
import { MenuButton } from "../../components/Menu";
import { useChatSelector, useChatStore } from "../chat/useChat";
import { useSession } from "../chat/session";
import { PRESENCE_LABEL, usePresence } from "./PresenceDot";
import { PersonAvatar } from "./PersonAvatar";

const CHOICES: { status: ChosenPresence; label: string }[] = [
  { status: "online", label: "Online (automatic)" },
  { status: "away", label: "Away" },
  { status: "dnd", label: "Do not disturb" },
];

/** Your own status in the user bar: your avatar with its dot opens a menu to choose online (automatic), away or do not disturb. */
export function StatusMenu() {
  const me = useChatSelector((s) => s.me);
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
      buttonClassName="status-button"
      button={<PersonAvatar userId={me.id} name={me.displayName} url={me.avatarUrl} size="sm" decorative />}
      items={CHOICES.map((c) => ({
        key: c.status,
        label: <><span className={`presence-dot presence-${c.status}`} aria-hidden="true" /> {c.label}</>,
        checked: chosen === c.status,
        onSelect: () => void presence.choose(c.status).catch((e) => chat.notify(errorText(e))),
      }))}
    />
  );
}
