/** Single sign-on in the browser: where the buttons go, and what a failed round trip (`?ssoError=`) means. */

/** The server's start URL: a plain navigation (the provider's page is a whole page, not a fetch). */
export function ssoStartUrl(provider: string, returnUrl: string, link = false): string {
  const query = new URLSearchParams({ returnUrl });
  if (link) query.set("link", "true");
  return `/api/auth/sso/${encodeURIComponent(provider)}?${query.toString()}`;
}

const SSO_ERRORS: Record<string, string> = {
  sso_failed: "Single sign-on failed: the answer from the provider could not be verified. Try again.",
  sso_denied: "Single sign-on was cancelled at the provider.",
  sso_closed_account: "The account linked to this sign-in is closed.",
  sso_registration_closed: "This sign-in is not linked to an account here, and registration is closed: ask an admin, or sign in and connect it in Password & security.",
  sso_already_linked: "This sign-in is already linked to another account.",
};

export function ssoErrorText(code: string): string {
  return SSO_ERRORS[code] ?? "Single sign-on failed. Try again.";
}

/** The ssoError code in a query string, and the address without it (for history.replaceState). */
export function takeSsoError(search: string, pathname: string): { code: string; address: string } | null {
  const query = new URLSearchParams(search);
  const code = query.get("ssoError");
  if (!code) return null;
  query.delete("ssoError");
  const rest = query.toString();
  return { code, address: rest ? `${pathname}?${rest}` : pathname };
}
