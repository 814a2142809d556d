import { useState } from "react";
import { Icon } from "./Icon";
import { hueFromId, initials } from "../lib/avatar";

interface Props {
  userId: string;
  name: string;
  /** The picture (avatarUrl); null or missing, or failing to load: initials. */
  url?: string | null;
  size?: "xs" | "sm" | "md" | "lg" | "xl";
  onClick?: () => void;
}

/**
 * The person's picture, or their initials on a colour derived from the user id. Clickable avatars mirror the name
 * button next to them (which keyboards use), so they stay out of the tab order and the accessibility tree.
 */
export function Avatar({ userId, name, url, size = "md", onClick }: Props) {
  const [failed, setFailed] = useState<string | null>(null);
  const style = { "--avatar-hue": String(hueFromId(userId)) } as React.CSSProperties;
  const picture = url && failed !== url
    ? <img src={url} alt="" className="avatar-img" draggable={false} decoding="async" onError={() => setFailed(url)} />
    : null;
  const className = `avatar avatar-${size} ${picture ? "has-picture" : ""}`;
  const content = picture ?? initials(name);
  if (onClick) {
    return <button type="button" className={className} style={style} onClick={onClick} tabIndex={-1} aria-hidden="true">{content}</button>;
  }
  return <span className={className} style={style} aria-hidden="true">{content}</span>;
}

/** A room's icon, or its kind sign ("#", a lock) when it has none. */
export function RoomIcon({ url, kind, size = "sm" }: { url: string | null | undefined; kind: string; size?: "xs" | "sm" | "md" }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (url && failed !== url) {
    return <img src={url} alt="" className={`room-icon room-icon-${size}`} draggable={false} onError={() => setFailed(url)} />;
  }
  return <span className={`room-icon room-icon-${size} room-icon-empty`} aria-hidden="true"><Icon name={kind === "private" ? "lock" : "hash"} size={size === "md" ? 20 : size === "sm" ? 16 : 12} /></span>;
}
