import { useMemo } from "react";
import type { RoomSummary } from "../../api/types";
import { receiptText } from "../../lib/receipts";
import { useStore } from "../../lib/store";
import { useChatSelector } from "../chat/useChat";
import { useSession } from "../chat/session";

const NONE: Record<string, number> = {};

/** "Seen" / "Seen by Bob, Carol" under the timeline while my message is the newest one (DMs and groups). */
export function ReceiptLine({ summary }: { summary: RoomSummary }) {
  const { receipts } = useSession();
  const roomId = summary.room.id;
  const byUser = useStore(receipts, (s) => s.byRoom[roomId] ?? NONE);
  const timeline = useChatSelector((s) => s.timelines[roomId]);
  const meId = useChatSelector((s) => s.me.id);
  const users = useChatSelector((s) => s.users);
  const line = useMemo(
    () => receiptText(timeline?.messages ?? [], meId, summary.room.kind, byUser, (id) => users[id]?.displayName ?? "…"),
    [timeline, meId, summary.room.kind, byUser, users]);
  return <div className="receipt" role="status" aria-label="Read receipt">{line?.text ?? ""}</div>;
}
