/**
 * The server's machine codes (docs/api.md, "Error codes"): REST problems carry `code`, hub errors read
 * "…HubException: <code>[ retryAfter=N]: <reason>". The client switches on codes, never on sentences.
 */
export type ErrorCode =
  | "invalid" | "unknown_method" | "unauthorized" | "session_ended" | "forbidden" | "not_member" | "owner_only" | "blocked"
  | "friends_only" | "not_found" | "conflict" | "too_large" | "unsupported_media_type" | "rate_limited"
  | "too_many_connections" | "unavailable" | "shutting_down" | "server_error"
  // Roles and moderation (issue 17).
  | "not_allowed" | "banned" | "timed_out" | "read_only" | "slow_mode" | "registration_closed"
  // Scheduled messages (issue 21).
  | "already_sent" | "too_many_scheduled"
  // Passkeys (issue 22).
  | "passkey_token_invalid" | "passkey_token_expired" | "passkey_invalid" | "passkey_unknown" | "passkey_counter" | "account_closed"
  // Two-factor sign-in (issue 22).
  | "code_wrong" | "code_replayed" | "challenge_expired" | "two_factor_required"
  // E-mail (issue 22).
  | "email_unverified" | "email_disabled";

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

/**
 * Whether an error is SignalR's own sentence for a hub call made while the connection is down or coming back ("Cannot
 * send data if the connection is not in the 'Connected' State.", "Invocation canceled due to the underlying connection
 * being closed."). Narrower than the outbox's isConnectionError: any error's text goes through errorText, and a
 * WebRTC one may speak of a closed connection too.
 */
export function isHubConnectionLost(message: string): boolean {
  return parseHubError(message) === null
    && /not in the 'Connected' State|Invocation canceled due to the underlying connection|connection (?:was )?(?:stopped|closed)|Connection disconnected|Server timeout elapsed/i.test(message);
}

/** Refusals that pass by themselves: waiting and trying again is the answer (slow mode: the wait is its Retry-After). */
export function isTransientCode(code: string): boolean {
  return code === "rate_limited" || code === "slow_mode" || code === "unavailable" || code === "shutting_down" || code === "server_error";
}

/** What to say when the server sent no sentence of its own. */
const FALLBACK: Partial<Record<ErrorCode, string>> = {
  not_allowed: "You don't have permission to do that.",
  banned: "You are banned from this room.",
  timed_out: "You are timed out for now.",
  read_only: "Only moderators can post here.",
  slow_mode: "Slow mode is on in this room. Wait a moment before sending again.",
  registration_closed: "Registration is closed. Ask an admin for an account or an invite link.",
};

// The server writes .NET's "u" format ("2026-12-03 14:05:00Z", Moderation/Sanctions.cs); ISO's "T" is taken too.
const ISO_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/;

/** The end of a timeout the server put in its sentence (a UTC time), or null. */
export function timeoutEnd(reason: string): Date | null {
  const m = ISO_TIME.exec(reason);
  const d = m ? new Date(m[0].replace(" ", "T")) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

/** "14:05" today, else "Mon 7 Dec, 14:05" (the viewer's time zone). */
export function untilText(at: Date, now: Date = new Date()): string {
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay ? time : `${at.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" })}, ${time}`;
}

/**
 * The sentence to show for a refusal: the server's own (rules name what is refused), made readable where the client
 * knows better (a timeout's end in local time, slow mode's wait), or a fallback for the code.
 */
export function refusalText(code: string, reason: string, retryAfter: number | null, now: Date = new Date()): string {
  if (code === "timed_out") {
    const end = timeoutEnd(reason);
    if (end) return `You are timed out until ${untilText(end, now)}.`;
  }
  if (code === "slow_mode" && retryAfter !== null) return `Slow mode is on: you can send again in ${retryAfter} s.`;
  return reason.trim() || FALLBACK[code as ErrorCode] || "Something went wrong.";
}
