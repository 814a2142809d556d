import type { SsoProvider } from "../../api/types";
import { ssoStartUrl } from "./sso";

/** "Sign in with …" per configured provider: plain links, the server redirects to the provider and back. */
export function SsoButtons({ providers, returnUrl }: { providers: SsoProvider[]; returnUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="sso-buttons" role="group" aria-label="Single sign-on">
      {providers.map((p) => (
        <a key={p.name} className="button wide" href={ssoStartUrl(p.name, returnUrl)}>Sign in with {p.displayName}</a>
      ))}
    </div>
  );
}
