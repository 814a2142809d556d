import { hueFromId, initials } from "../lib/avatar";

interface Props {
  userId: string;
  name: string;
  size?: "sm" | "md" | "lg";
  onClick?: () => void;
}

/** Initials on a colour derived from the user id. Clickable avatars mirror the name button next to them (which keyboards use). */
export function Avatar({ userId, name, size = "md", onClick }: Props) {
  const style = { "--avatar-hue": String(hueFromId(userId)) } as React.CSSProperties;
  if (onClick) {
    return (
      <button type="button" className={`avatar avatar-${size}`} style={style} onClick={onClick} tabIndex={-1} aria-hidden="true">
        {initials(name)}
      </button>
    );
  }
  return <span className={`avatar avatar-${size}`} style={style} aria-hidden="true">{initials(name)}</span>;
}
