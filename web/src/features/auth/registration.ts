import type { RegistrationMode } from "../../api/types";

/** An invite link as the server makes it (InviteLinks.cs): the sign-in page at /register, the token in ?invite=. */
export function inviteUrl(origin: string, token: string): string {
  return `${origin.replace(/\/$/, "")}/register?invite=${encodeURIComponent(token)}`;
}

/** Where to go once the invite is used: /register is only the link's landing page, not a place in the app. */
export function pathAfterInvite(path: string): string {
  return /^\/register\/?$/.test(path) ? "/" : path;
}

/** The invite token a link carried (/register?invite=…, or ?invite= on any page), or null. */
export function inviteTokenFrom(search: string): string | null {
  const token = new URLSearchParams(search).get("invite")?.trim();
  return token ? token : null;
}

export type SignUp = "open" | "withInvite" | "needsInvite" | "closed";

/**
 * Whether the sign-in page offers an account, from the server's registration mode (unknown: an older server, open)
 * and the invite in the link. The server decides again (403 registration_closed).
 */
export function signUpState(mode: RegistrationMode | null, invite: string | null): SignUp {
  if (mode === "closed") return "closed";
  if (invite) return "withInvite";
  return mode === "invite" ? "needsInvite" : "open";
}

export const SIGN_UP_NOTE: Record<SignUp, string | null> = {
  open: null,
  withInvite: "You were invited: create your account below.",
  needsInvite: "Registration needs an invite link. Ask an admin for one.",
  closed: "Registration is closed. Ask an admin for an account.",
};
