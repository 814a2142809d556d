import { useEffect, useState } from "react";
import { api, ApiError, errorText } from "../../api/client";
import { LINK_USED_OR_EXPIRED } from "./emailLinks";

type State = { kind: "verifying" } | { kind: "verified" } | { kind: "failed"; message: string };

// One request per token and page load: the token works once, and React's development mode runs effects twice.
const verifying = new Map<string, Promise<void>>();
function verifyOnce(token: string): Promise<void> {
  let pending = verifying.get(token);
  if (!pending) verifying.set(token, (pending = api.verifyEmail(token)));
  return pending;
}

/** /verify-email?token=…: verifies once on opening. */
export function VerifyEmail({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: "verifying" });
  useEffect(() => {
    let cancelled = false;
    verifyOnce(token).then(
      () => !cancelled && setState({ kind: "verified" }),
      (e: unknown) => !cancelled && setState({
        kind: "failed",
        message: e instanceof ApiError && e.fieldErrors("token").length > 0 ? `${LINK_USED_OR_EXPIRED} Sign in and ask for a new one.` : errorText(e),
      }),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  return (
    <section aria-labelledby="verify-title" aria-busy={state.kind === "verifying"}>
      <h1 id="verify-title">{state.kind === "verified" ? "Address verified" : state.kind === "failed" ? "Link expired" : "Verifying…"}</h1>
      {state.kind === "verified" && <p role="status">Your e-mail address is verified.</p>}
      {state.kind === "failed" && <p role="alert" className="alert">{state.message}</p>}
      {state.kind !== "verifying" && <button type="button" className="primary wide" onClick={() => location.assign("/")}>Continue to Parley</button>}
    </section>
  );
}
