import { useEffect, useState } from "react";
import { api, ApiError } from "./api/client";
import type { MeDto } from "./api/types";
import { AuthScreen } from "./features/auth/AuthScreen";
import { ChatApp } from "./app/ChatApp";

type Session = { kind: "loading" } | { kind: "signedOut" } | { kind: "signedIn"; me: MeDto };

export function App() {
  const [session, setSession] = useState<Session>({ kind: "loading" });

  useEffect(() => {
    let cancelled = false;
    const probe = async () => {
      for (let attempt = 0; !cancelled; attempt++) {
        try {
          const { me } = await api.session();
          if (!cancelled) setSession(me ? { kind: "signedIn", me } : { kind: "signedOut" });
          return;
        } catch (e) {
          if (e instanceof ApiError && e.isUnauthorized) {
            if (!cancelled) setSession({ kind: "signedOut" });
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

  if (session.kind === "loading") return <div className="splash" aria-busy="true">Loading Parley…</div>;
  if (session.kind === "signedOut") return <AuthScreen onSignedIn={(me) => setSession({ kind: "signedIn", me })} />;
  return <ChatApp key={session.me.id} me={session.me} onSignedOut={() => setSession({ kind: "signedOut" })} />;
}
