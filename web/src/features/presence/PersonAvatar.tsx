import { Avatar } from "../../components/Avatar";
import { PresenceDot } from "./PresenceDot";

interface Props {
  userId: string;
  name: string;
  url?: string | null;
  size?: "xs" | "sm" | "md" | "lg" | "xl";
  onClick?: () => void;
  /** The dot is repeated elsewhere (a message's author): shown, but not read out. */
  decorative?: boolean;
}

/** A person's avatar with their presence dot. */
export function PersonAvatar({ decorative, ...p }: Props) {
  return (
    <span className={`person-avatar person-avatar-${p.size ?? "md"}`}>
      <Avatar {...p} />
      {decorative ? <span aria-hidden="true" className="presence-dot-wrap"><PresenceDot userId={p.userId} /></span> : <PresenceDot userId={p.userId} />}
    </span>
  );
}
