/** A page opened from a mailed link: /reset-password?token=… or /verify-email?token=… (Accounts/AccountMails.cs). */
export type EmailLink = { kind: "reset" | "verify"; token: string };

export function emailLinkFrom(pathname: string, search: string): EmailLink | null {
  const kind = /^\/reset-password\/?$/.test(pathname) ? "reset" : /^\/verify-email\/?$/.test(pathname) ? "verify" : null;
  const token = new URLSearchParams(search).get("token")?.trim();
  return kind && token ? { kind, token } : null;
}

/** The server's one code for a link that can't be used any more: 400 naming the token field. */
export const LINK_USED_OR_EXPIRED = "This link was already used or has expired.";
