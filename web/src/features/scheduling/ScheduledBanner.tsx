import { useMemo, useState } from "react";
import type { Guid } from "../../api/types";
import { Icon } from "../../components/Icon";
import { useStore } from "../../lib/store";
import { useSession } from "../chat/session";
import { ScheduledDialog } from "./ScheduledDialog";
import { scheduledIn } from "./scheduledStore";

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Above the composer when I have messages scheduled here: how many (and how many failed), and "View". */
export function ScheduledBanner({ roomId }: { roomId: Guid }) {
  const { scheduled } = useSession();
  const items = useStore(scheduled, (s) => s.items);
  const list = useMemo(() => scheduledIn(items, roomId), [items, roomId]);
  const [open, setOpen] = useState(false);
  if (list.length === 0 && !open) return null;
  const failed = list.filter((s) => s.state === "failed").length;
  const waiting = list.length - failed;
  const parts = [waiting > 0 ? count(waiting, "scheduled message") : "", failed > 0 ? `${failed} not sent` : ""].filter(Boolean);
  return (
    <div className={`scheduled-banner ${failed > 0 ? "has-failed" : ""}`}>
      <Icon name="clock" size={16} />
      <span role="status" data-testid="scheduled-count">{parts.join(" · ")}</span>
      <button type="button" className="link" aria-label="View scheduled messages" onClick={() => setOpen(true)}>View</button>
      {open && <ScheduledDialog items={list} onClose={() => setOpen(false)} />}
    </div>
  );
}
