import { useEffect, useState } from "react";
import { api, errorText } from "../../api/client";
import type { SsoLink } from "../../api/types";
import { ssoStartUrl } from "../auth/sso";

/** Single sign-on: each configured provider, linked or not, with Connect (a round trip to the provider) or Disconnect. */
export function SsoSection() {
  const [links, setLinks] = useState<SsoLink[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.ssoLinks().then(setLinks, (e) => setError(errorText(e)));
  }, []);

  if (links !== null && links.length === 0) return null; // no provider configured

  async function disconnect(link: SsoLink) {
    setError(null);
    try {
      await api.unlinkSso(link.name);
      setLinks((list) => list?.map((l) => (l.name === link.name ? { ...l, linked: false } : l)) ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section aria-labelledby="sso-heading" className="sso-section">
      <h3 id="sso-heading">Single sign-on</h3>
      <p className="muted">Sign in to this account with your organisation's account.</p>
      {error && <div role="alert" className="alert">{error}</div>}
      {links === null ? <p className="muted">Loading…</p> : (
        <ul className="passkey-list" aria-label="Single sign-on providers">
          {links.map((l) => (
            <li key={l.name}>
              <div className="passkey-about">
                <strong className="passkey-name">{l.displayName}</strong>
                <small className="muted">{l.linked ? "Connected" : "Not connected"}</small>
              </div>
              {l.linked
                ? <button type="button" className="danger" onClick={() => void disconnect(l)} aria-label={`Disconnect ${l.displayName}`}>Disconnect</button>
                : <a className="button" href={ssoStartUrl(l.name, location.pathname, true)} aria-label={`Connect ${l.displayName}`}>Connect</a>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
