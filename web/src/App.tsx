import { useEffect, useState } from "react";
import { api, ApiError, NetworkError } from "./api/client";
import type { MeDto } from "./api/types";
import { AuthScreen } from "./features/auth/AuthScreen";
import { ChatApp } from "./app/ChatApp";
import { clearLastState, loadLastState, type SavedState } from "./features/shell/lastState";
import { UpdateBanner } from "./features/shell/UpdateBanner";

type Session = { kind: "loading" } | { kind: "signedOut"; reason?: string } | { kind: "signedIn"; me: MeDto; saved?: SavedState | null };

/** The server can't be reached (offline, or a proxy with nothing behind it): the saved last state may stand in. */
function unreachable(e: unknown): boolean {
  return e instanceof NetworkError || (e instanceof ApiError && e.status >= 500);
}

export function App() {
  const [session, setSession] = useState<Session>({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    const probe = async () => {
      for (let attempt = 0; !cancelled; attempt++) {
        try {
          const { me } = await api.session();
          if (!me) clearLastState();
          if (!cancelled) setSession(me ? { kind: "signedIn", me } : { kind: "signedOut" });
          return;
        } catch (e) {
          if (e instanceof ApiError && e.isUnauthorized) {
            clearLastState();
            if (!cancelled) setSession({ kind: "signedOut" });
            return;
          }
          // Offline with a saved state: open the app from it; the chat store connects (or signs out) when it can.
          const saved = unreachable(e) ? loadLastState() : null;
          if (saved) {
            if (!cancelled) setSession({ kind: "signedIn", me: saved.me, saved });
            return;
          }
          await new Promise((r) => setTimeout(r, Math.min(10000, 1000 * 2 ** attempt)));
        }
      }
    };
    void probe();
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <>
      <UpdateBanner />
      {session.kind === "loading" ? <div className="splash" aria-busy="true">Loading Parley…</div>
        : session.kind === "signedOut" ? <AuthScreen notice={session.reason} onSignedIn={(me) => setSession({ kind: "signedIn", me })} />
        : <ChatApp key={session.me.id} me={session.me} saved={session.saved ?? null} onSignedOut={(reason) => setSession({ kind: "signedOut", reason })} />}
    </>
  );
}
