/**
 * The server's machine codes (docs/api.md, "Error codes"): REST problems carry `code`, hub errors read
 * "…HubException: <code>[ retryAfter=N]: <reason>". The client switches on codes, never on sentences.
 */
export type ErrorCode =
  | "invalid" | "unknown_method" | "unauthorized" | "session_ended" | "forbidden" | "not_member" | "owner_only" | "blocked"
  | "friends_only" | "not_found" | "conflict" | "too_large" | "unsupported_media_type" | "rate_limited"
  | "too_many_connections" | "unavailable" | "shutting_down" | "server_error";

export interface HubRefusal {
  code: ErrorCode | string;
  /** Seconds the server asked to wait, when it said. */
  retryAfter: number | null;
  /** The sentence to show. */
  reason: string;
}

const HUB_ERROR = /HubException: ([a-z_]+)(?: retryAfter=(\d+))?: ([\s\S]*)$/;

/** The code, wait and sentence of a hub error, or null if the text is not a server refusal (a connection failure). */
export function parseHubError(message: string): HubRefusal | null {
  const m = HUB_ERROR.exec(message);
  if (m) return { code: m[1]!, retryAfter: m[2] ? Number(m[2]) : null, reason: m[3]! };
  const i = message.indexOf("HubException: ");
  // A refusal without a code (an older server): shown, never retried by itself.
  return i >= 0 ? { code: "error", retryAfter: null, reason: message.slice(i + "HubException: ".length) } : null;
}

/** Refusals that pass by themselves: waiting and trying again is the answer. */
export function isTransientCode(code: string): boolean {
  return code === "rate_limited" || code === "unavailable" || code === "shutting_down" || code === "server_error";
}
