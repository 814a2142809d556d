import type { UserSessionDto } from "../../api/types";

/** "Firefox · Linux", or what the server could tell ("API client" for apps and scripts). */
export function sessionTitle(s: Pick<UserSessionDto, "browser" | "os">): string {
  return [s.browser, s.os].filter((x) => x && x !== "Unknown").join(" · ") || "Unknown device";
}

/** Newest active first, this device on top. */
export function sortSessions(sessions: UserSessionDto[]): UserSessionDto[] {
  return [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt.localeCompare(a.lastActiveAt));
}

/** The repeat field's problem, before asking the server. */
export function repeatProblem(next: string, repeat: string): string | null {
  return repeat !== "" && next !== repeat ? "The passwords don't match." : null;
}

export const STRENGTH_LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;

/**
 * A rough guide while typing (0-4): length counts most, then variety. The server's check (zxcvbn, with lists of common
 * passwords and words) decides; this only shows which way the new password is going.
 */
export function roughStrength(password: string): number {
  if (password.length < 10) return 0;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  const words = password.trim().split(/\s+/).filter((w) => w.length >= 3).length;
  const score = Math.floor(password.length / 8) + (kinds >= 3 ? 1 : 0) + (words >= 4 ? 1 : 0) - (new Set(password).size < 6 ? 2 : 0);
  return Math.max(0, Math.min(4, score));
}
