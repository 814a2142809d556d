import { useCallback, useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { UserSessionDto } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { RelativeTime } from "../../components/RelativeTime";
import { useChatStore } from "../chat/useChat";
import { sessionTitle, sortSessions } from "./securityText";

/** Sent by the password section when a change signed the other sessions out. */
export const SESSIONS_CHANGED = "parley:sessions-changed";

/** "Where you're signed in": my sessions (GET /api/me/sessions), each can be signed out, or all but this one. */
export function SessionsSection() {
  const store = useChatStore();
  const [sessions, setSessions] = useState<UserSessionDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<UserSessionDto | "others" | null>(null);

  const load = useCallback(async () => {
    try {
      setSessions(sortSessions(await api.mySessions()));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
    const reload = () => void load();
    window.addEventListener(SESSIONS_CHANGED, reload);
    return () => window.removeEventListener(SESSIONS_CHANGED, reload);
  }, [load]);

  async function signOut(target: UserSessionDto | "others") {
    setError(null);
    try {
      if (target === "others") await api.endOtherSessions();
      else if (target.current) return await store.signOut();
      else await api.endSession(target.id);
    } catch (e) {
      setError(e);
    }
    await load();
  }

  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <section className="security-section" aria-labelledby="sessions-heading">
      <h3 id="sessions-heading">Where you're signed in</h3>
      {error !== null && <div role="alert" className="alert">{errorText(error)}</div>}
      {sessions === null ? <p className="muted" aria-busy="true">Loading…</p> : (
        <ul className="session-list" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id} className="session-row">
              <div className="session-text">
                <div>
                  <strong>{sessionTitle(s)}</strong>
                  {s.current && <span className="session-badge">This device</span>}
                </div>
                <div className="muted">
                  {s.address || "Address unknown"}
                  {" · "}
                  {s.current ? "Active now" : <>Active <RelativeTime iso={s.lastActiveAt} /></>}
                  {" · Signed in "}
                  <RelativeTime iso={s.createdAt} />
                </div>
              </div>
              <button type="button" aria-label={`Sign out ${sessionTitle(s)}${s.current ? " (this device)" : ""}`} onClick={() => setConfirming(s)}>
                Sign out
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="danger" disabled={others === 0} onClick={() => setConfirming("others")}>
        Sign out all other sessions
      </button>
      {confirming !== null && (
        <ConfirmDialog
          label={confirming === "others" ? "Sign out other sessions" : "Sign out session"}
          text={confirming === "others" ? `Sign out ${others} other session${others === 1 ? "" : "s"}? They will need to sign in again.`
            : confirming.current ? "Sign out on this device?"
            : `Sign out ${sessionTitle(confirming)}? It will need to sign in again.`}
          confirm="Sign out"
          onConfirm={() => void signOut(confirming)}
          onClose={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
