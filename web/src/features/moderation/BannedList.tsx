import { useEffect, useId, useRef, useState } from "react";
import { api, errorText } from "../../api/client";
import type { BanDto } from "../../api/types";
import { untilText } from "../../api/errorCodes";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { RelativeTime } from "../../components/RelativeTime";
import { useChatSelector, useChatStore } from "../chat/useChat";

/**
 * The bans in force in a room (GET /api/rooms/{id}/bans, BanMember), newest first, each with "Lift ban" behind a
 * confirmation. Names come from the user cache, fetched for anyone not known yet (banned people are no longer members).
 */
export function BannedList({ roomId }: { roomId: string }) {
  const store = useChatStore();
  const users = useChatSelector((s) => s.users);
  const [bans, setBans] = useState<BanDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lifting, setLifting] = useState<BanDto | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    let live = true;
    api.bans(roomId).then((list) => live && setBans(list), (e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [roomId]);

  useEffect(() => {
    for (const b of bans ?? []) {
      store.ensureUser(b.userId);
      store.ensureUser(b.byId);
    }
  }, [bans, store]);

  const nameOf = (id: string) => users[id]?.displayName || users[id]?.userName || "Someone";

  async function lift(ban: BanDto) {
    setError(null);
    try {
      await api.unban(roomId, ban.userId);
      setBans((list) => list?.filter((b) => b.userId !== ban.userId) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="banned-list" aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>Banned people</h3>
      {error && <div role="alert" className="alert">{error}</div>}
      {bans === null ? (!error && <p className="muted">Loading…</p>) : bans.length === 0 ? (
        <p className="muted">Nobody is banned from this room.</p>
      ) : (
        <ul className="banned-people">
          {bans.map((b) => {
            const name = nameOf(b.userId);
            return (
              <li key={b.userId} aria-label={name} data-testid={`ban-${b.userId}`}>
                <div className="banned-who">
                  <span className="admin-name">{name}</span>
                  <button type="button" className="danger" aria-label={`Lift ban on ${name}`} onClick={() => setLifting(b)}>Lift ban</button>
                </div>
                <p>{b.reason ? `Reason: ${b.reason}` : "No reason given."}</p>
                <p className="muted small">
                  Banned by {nameOf(b.byId)} <RelativeTime iso={b.createdAt} /> · {b.expiresAt ? `until ${untilText(new Date(b.expiresAt))}` : "until lifted"}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      {lifting && (
        <ConfirmDialog label={`Lift ban on ${nameOf(lifting.userId)}`} confirm="Lift ban" onClose={() => setLifting(null)}
          text={`Lift the ban on ${nameOf(lifting.userId)}? They can join this room again and be invited.`}
          onConfirm={() => void lift(lifting)} focusAfterConfirm={() => heading.current} />
      )}
    </section>
  );
}
