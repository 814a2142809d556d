import type {
  AdminRoomDto, AdminUserDto, AuditEntryDto, BanDto, InviteLinkDto, KeysetPage, ReportDto, ReportState, RoomChange, ServerInfo, ServerRole,
  ServerSettingsDto, TimeoutDto, MessagePreviewsEvent,
  BlockDto, ChangesPage, ChosenPresence, FriendDto, FriendsList, Guid, MeDto, MemberDto, MentionPage, MessagePage, NotificationLevel,
  FileHit, MessageHit, PersonHit, SearchPage, SearchSort,
  PresenceDto, ProblemDetails, PublicRoom, PushSubscriptionJson, ReceiptDto, RoomDetail, RoomDto, RoomSummary, SessionDto, SettingsDto,
  UpdateMeRequest, UserDto, UserSessionDto,
  AroundPage, MessageDto, MessagePinnedEvent, MessageVersionDto, SavedChangedEvent, SavedPage,
  FollowedThreadsPage, ThreadDto, ThreadState,
  CustomEmojiDto,
  ScheduledMessageDto,
  SidebarCategoryDto, SidebarDto,
  PasskeyDto, PasskeyOptionsDto, SsoLink,
  RecoveryCodes, TwoFactorPrompt, TwoFactorSetup, TwoFactorStatus,
} from "./types";
import { isHubConnectionLost, parseHubError, refusalText } from "./errorCodes";

/** A failed REST call, with the server's problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.title || `Request failed (${status}).`);
    this.status = status;
    this.problem = problem;
  }

  /** The messages for one field (`errors.<field>`, or the top-level `field` of a 409). */
  fieldErrors(field: string): string[] {
    const errors = this.problem.errors ?? {};
    const key = Object.keys(errors).find((k) => k.toLowerCase() === field.toLowerCase());
    if (key) return errors[key] ?? [];
    if (this.problem.field?.toLowerCase() === field.toLowerCase() && this.problem.title) return [this.problem.title];
    return [];
  }

  get isUnauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The network failed before the server answered. */
export class NetworkError extends Error {}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const form = body instanceof FormData;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      // FormData sets its own multipart Content-Type (with the boundary).
      headers: body === undefined || form ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new NetworkError("Can't reach the server. Check your connection.");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) throw problemError(res.status, text, res.headers.get("Retry-After"));
  return parseJson(text) as T;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The ApiError for a failed answer: the server's problem details, with a sentence even when it sent none. */
export function problemError(status: number, body: string, retryAfter: string | null): ApiError {
  const json = parseJson(body);
  const problem: ProblemDetails = (json && typeof json === "object" ? json : {}) as ProblemDetails;
  if (!problem.title) {
    problem.title = status === 429 ? "Too many attempts. Try again later."
      : status === 413 ? "The file is too large."
      : `Request failed (${status}).`;
  }
  if (status === 429 && retryAfter && !/\d+ ?s\b/.test(problem.title)) problem.title = `${problem.title} (retry in ${retryAfter} s)`;
  return new ApiError(status, problem);
}

/** A picture as the one part ("file") of a multipart form. */
function pictureForm(picture: Blob, name: string): FormData {
  const form = new FormData();
  form.append("file", picture, name);
  return form;
}

const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : "";
};
const id = encodeURIComponent;

export const api = {
  register: (userName: string, password: string, displayName: string, inviteToken?: string, email?: string) =>
    request<MeDto>("POST", "/api/auth/register",
      { userName, password, displayName: displayName || null, ...(inviteToken ? { inviteToken } : {}), ...(email ? { email } : {}) }),
  // E-mail (404 email_disabled when the server sends none).
  forgotPassword: (login: string) => request<void>("POST", "/api/auth/forgot-password", { login }),
  resetPassword: (token: string, newPassword: string) => request<void>("POST", "/api/auth/reset-password", { token, newPassword }),
  verifyEmail: (token: string) => request<void>("POST", "/api/auth/verify-email", { token }),
  resendVerification: (userName: string, password: string) => request<void>("POST", "/api/auth/resend-verification", { userName, password }),
  changeEmail: (email: string, password: string) => request<MeDto>("PUT", "/api/me/email", { email, password }),
  resendEmailVerification: () => request<void>("POST", "/api/me/email/resend"),
  /** Name and registration mode, for anyone (the sign-in page). */
  server: () => request<ServerInfo>("GET", "/api/server"),
  /** Signed in (MeDto), or a second factor is owed (see isTwoFactorPrompt). */
  login: (userName: string, password: string) =>
    request<MeDto | TwoFactorPrompt>("POST", "/api/auth/login?useCookies=true", { userName, password }),
  loginTwoFactor: (challenge: string, proof: { code: string } | { recoveryCode: string }) =>
    request<MeDto>("POST", "/api/auth/login/2fa?useCookies=true", { challenge, ...proof }),
  requiredTwoFactorSetup: (challenge: string) => request<TwoFactorSetup>("POST", "/api/auth/2fa/setup", { challenge }),
  confirmRequiredTwoFactor: (challenge: string, code: string) =>
    request<MeDto & RecoveryCodes>("POST", "/api/auth/2fa/setup/confirm?useCookies=true", { challenge, code }),
  twoFactor: () => request<TwoFactorStatus>("GET", "/api/me/2fa"),
  setUpTwoFactor: () => request<TwoFactorSetup>("POST", "/api/me/2fa/setup"),
  confirmTwoFactor: (code: string) => request<RecoveryCodes>("POST", "/api/me/2fa/confirm", { code }),
  disableTwoFactor: (password: string) => request<void>("POST", "/api/me/2fa/disable", { password }),
  renewRecoveryCodes: (password: string) => request<RecoveryCodes>("POST", "/api/me/2fa/recovery-codes", { password }),
  logout: () => request<void>("POST", "/api/auth/logout"),
  passkeySignInOptions: () => request<PasskeyOptionsDto>("POST", "/api/auth/passkey/options"),
  passkeySignIn: (token: string, credential: unknown) => request<MeDto>("POST", "/api/auth/passkey?useCookies=true", { token, credential }),
  passkeys: () => request<PasskeyDto[]>("GET", "/api/me/passkeys"),
  ssoLinks: () => request<SsoLink[]>("GET", "/api/me/sso"),
  unlinkSso: (provider: string) => request<void>("DELETE", `/api/me/sso/${encodeURIComponent(provider)}`),
  passkeyOptions: () => request<PasskeyOptionsDto>("POST", "/api/me/passkeys/options"),
  addPasskey: (token: string, name: string, credential: unknown) => request<PasskeyDto>("POST", "/api/me/passkeys", { token, name, credential }),
  renamePasskey: (passkeyId: Guid, name: string) => request<PasskeyDto>("PATCH", `/api/me/passkeys/${id(passkeyId)}`, { name }),
  removePasskey: (passkeyId: Guid) => request<void>("DELETE", `/api/me/passkeys/${id(passkeyId)}`),
  /** Signed in or not, without an error status (a 401 shows in the browser's console). */
  session: () => request<SessionDto>("GET", "/api/auth/session"),

  me: () => request<MeDto>("GET", "/api/me"),
  updateMe: (change: UpdateMeRequest) => request<MeDto>("PATCH", "/api/me", change),
  setAvatar: (picture: Blob) => request<MeDto>("PUT", "/api/me/avatar", pictureForm(picture, "avatar" + extensionOf(picture))),
  removeAvatar: () => request<MeDto>("DELETE", "/api/me/avatar"),
  setRoomIcon: (roomId: Guid, picture: Blob) =>
    request<RoomDto>("PUT", `/api/rooms/${id(roomId)}/icon`, pictureForm(picture, "icon" + extensionOf(picture))),
  removeRoomIcon: (roomId: Guid) => request<RoomDto>("DELETE", `/api/rooms/${id(roomId)}/icon`),
  /** Removes an upload not posted yet (the × on a staged attachment). */
  deleteFile: (fileId: Guid) => request<void>("DELETE", `/api/files/${id(fileId)}`),
  deactivate: (password: string) => request<void>("POST", "/api/me/deactivate", { password }),
  mySessions: () => request<UserSessionDto[]>("GET", "/api/me/sessions"),
  endSession: (sessionId: string) => request<void>("DELETE", `/api/me/sessions/${id(sessionId)}`),
  endOtherSessions: () => request<{ ended: number }>("POST", "/api/me/sessions/end-others"),
  /** With endOtherSessions the server issues this session's cookie again (204). */
  changePassword: (currentPassword: string, newPassword: string, endOtherSessions: boolean) =>
    request<void>("POST", "/api/me/password", { currentPassword, newPassword, endOtherSessions }),
  users: (query: string, limit = 20) => request<UserDto[]>("GET", `/api/users${q({ q: query, limit })}`),
  user: (userId: Guid) => request<UserDto>("GET", `/api/users/${id(userId)}`),

  rooms: () => request<RoomSummary[]>("GET", "/api/rooms"),
  createRoom: (name: string, topic: string, visibility: "public" | "private") =>
    request<RoomDto>("POST", "/api/rooms", { name, topic, visibility }),
  publicRooms: (query: string, limit = 50) => request<PublicRoom[]>("GET", `/api/rooms/public${q({ q: query, limit })}`),
  room: (roomId: Guid) => request<RoomDetail>("GET", `/api/rooms/${id(roomId)}`),
  updateRoom: (roomId: Guid, change: RoomChange) => request<RoomDto>("PATCH", `/api/rooms/${id(roomId)}`, change),
  members: (roomId: Guid) => request<MemberDto[]>("GET", `/api/rooms/${id(roomId)}/members`),
  join: (roomId: Guid) => request<RoomSummary>("POST", `/api/rooms/${id(roomId)}/join`),
  leave: (roomId: Guid) => request<void>("POST", `/api/rooms/${id(roomId)}/leave`),
  invite: (roomId: Guid, userIds: Guid[]) => request<MemberDto[]>("POST", `/api/rooms/${id(roomId)}/invite`, { userIds }),
  openDm: (userIds: Guid[]) => request<RoomSummary>("POST", "/api/dms", { userIds }),

  history: (roomId: Guid, opts: { before?: number; after?: number; limit?: number } = {}) =>
    request<MessagePage>("GET", `/api/rooms/${id(roomId)}/messages${q(opts)}`),
  changes: (roomId: Guid, sinceRev: number, limit?: number) =>
    request<ChangesPage>("GET", `/api/rooms/${id(roomId)}/changes${q({ sinceRev, limit })}`),
  threadPage: (roomId: Guid, rootId: Guid, opts: { before?: number; after?: number; limit?: number } = {}) =>
    request<MessagePage>("GET", `/api/rooms/${id(roomId)}/messages${q({ ...opts, thread: rootId })}`),
  thread: (rootId: Guid) => request<ThreadDto>("GET", `/api/threads/${id(rootId)}`),
  threads: (before?: string, limit?: number) => request<FollowedThreadsPage>("GET", `/api/threads${q({ before, limit })}`),
  followThread: (rootId: Guid, follow: boolean) => request<ThreadState>(follow ? "PUT" : "DELETE", `/api/threads/${id(rootId)}/follow`),
  markThreadRead: (rootId: Guid, seq: number) => request<ThreadState>("POST", `/api/threads/${id(rootId)}/read`, { seq }),

  presence: (userIds: Guid[]) => request<PresenceDto[]>("GET", `/api/presence${q({ ids: userIds.join(",") })}`),
  setPresence: (status: ChosenPresence) => request<PresenceDto>("PUT", "/api/me/presence", { status }),

  friends: () => request<FriendsList>("GET", "/api/friends"),
  requestFriend: (userId: Guid) => request<FriendDto>("POST", "/api/friends/requests", { userId }),
  acceptFriend: (userId: Guid) => request<FriendDto>("POST", `/api/friends/requests/${id(userId)}/accept`),
  declineFriend: (userId: Guid) => request<void>("POST", `/api/friends/requests/${id(userId)}/decline`),
  cancelFriendRequest: (userId: Guid) => request<void>("DELETE", `/api/friends/requests/${id(userId)}`),
  removeFriend: (userId: Guid) => request<void>("DELETE", `/api/friends/${id(userId)}`),

  pushKey: () => request<{ publicKey: string }>("GET", "/api/push/key"),
  addPushSubscription: (s: PushSubscriptionJson) => request<unknown>("POST", "/api/push/subscriptions", s),
  removePushSubscription: (endpoint: string) => request<void>("POST", "/api/push/subscriptions/remove", { endpoint }),

  settings: () => request<SettingsDto>("GET", "/api/me/settings"),
  updateSettings: (change: Partial<SettingsDto>) => request<SettingsDto>("PATCH", "/api/me/settings", change),
  blocks: () => request<BlockDto[]>("GET", "/api/blocks"),
  block: (userId: Guid) => request<BlockDto>("PUT", `/api/blocks/${id(userId)}`),
  unblock: (userId: Guid) => request<void>("DELETE", `/api/blocks/${id(userId)}`),
  setNotificationLevel: (roomId: Guid, level: NotificationLevel) =>
    request<{ roomId: Guid; level: NotificationLevel }>("PUT", `/api/rooms/${id(roomId)}/notifications`, { level }),
  readAll: () => request<{ rooms: number }>("POST", "/api/me/read-all"),
  mentions: (before?: string, limit?: number) => request<MentionPage>("GET", `/api/mentions${q({ before, limit })}`),
  // Pins, saved messages, edit history, jump to date (issue 21).
  pin: (messageId: Guid) => request<MessagePinnedEvent>("POST", `/api/messages/${id(messageId)}/pin`),
  unpin: (messageId: Guid) => request<MessagePinnedEvent>("DELETE", `/api/messages/${id(messageId)}/pin`),
  pins: (roomId: Guid) => request<MessageDto[]>("GET", `/api/rooms/${id(roomId)}/pins`),
  save: (messageId: Guid) => request<SavedChangedEvent>("POST", `/api/messages/${id(messageId)}/save`),
  unsave: (messageId: Guid) => request<SavedChangedEvent>("DELETE", `/api/messages/${id(messageId)}/save`),
  saved: (before?: string, limit?: number) => request<SavedPage>("GET", `/api/saved${q({ before, limit })}`),
  versions: (messageId: Guid) => request<MessageVersionDto[]>("GET", `/api/messages/${id(messageId)}/versions`),
  historyAt: (roomId: Guid, where: { time?: string; seq?: number; limit?: number }) =>
    request<AroundPage>("GET", `/api/rooms/${id(roomId)}/messages/at${q(where)}`),
  /** Messages matching a query with operators (issue 18); 400 with errors.q names the part at fault. */
  search: (query: string, opts: { sort?: SearchSort; before?: string; limit?: number } = {}) =>
    request<SearchPage<MessageHit>>("GET", `/api/search${q({ q: query, ...opts })}`),
  searchFiles: (query: string, opts: { before?: string; limit?: number } = {}) =>
    request<SearchPage<FileHit>>("GET", `/api/search/files${q({ q: query, ...opts })}`),
  searchPeople: (query: string, limit?: number) => request<SearchPage<PersonHit>>("GET", `/api/search/people${q({ q: query, limit })}`),
  receipts: (roomId: Guid) => request<ReceiptDto[]>("GET", `/api/rooms/${id(roomId)}/receipts`),
  // Scheduled messages (issue 21): mine, not yet sent.
  scheduled: (roomId?: Guid) => request<ScheduledMessageDto[]>("GET", `/api/scheduled${q({ roomId })}`),
  schedule: (roomId: Guid, req: { text: string; sendAt: string; replyToId?: Guid | null; threadRootId?: Guid | null; alsoToRoom?: boolean }) =>
    request<ScheduledMessageDto>("POST", `/api/rooms/${id(roomId)}/scheduled`, req),
  editScheduled: (scheduledId: Guid, change: { text?: string; sendAt?: string }) =>
    request<ScheduledMessageDto>("PATCH", `/api/scheduled/${id(scheduledId)}`, change),
  cancelScheduled: (scheduledId: Guid) => request<void>("DELETE", `/api/scheduled/${id(scheduledId)}`),

  // ---- room moderation (issue 17) ----
  report: (messageId: Guid, reason: string) => request<{ id: Guid; state: ReportState }>("POST", `/api/messages/${id(messageId)}/report`, { reason }),
  kick: (roomId: Guid, userId: Guid, reason?: string) =>
    request<void>("DELETE", `/api/rooms/${id(roomId)}/members/${id(userId)}`, reason ? { reason } : undefined),
  ban: (roomId: Guid, userId: Guid, reason: string | null, expiresAt: string | null) =>
    request<BanDto>("PUT", `/api/rooms/${id(roomId)}/bans/${id(userId)}`, { reason, expiresAt }),
  unban: (roomId: Guid, userId: Guid) => request<void>("DELETE", `/api/rooms/${id(roomId)}/bans/${id(userId)}`),
  bans: (roomId: Guid) => request<BanDto[]>("GET", `/api/rooms/${id(roomId)}/bans`),
  timeout: (roomId: Guid, userId: Guid, seconds: number, reason: string | null) =>
    request<TimeoutDto>("PUT", `/api/rooms/${id(roomId)}/timeouts/${id(userId)}`, { seconds, reason }),
  liftTimeout: (roomId: Guid, userId: Guid) => request<void>("DELETE", `/api/rooms/${id(roomId)}/timeouts/${id(userId)}`),
  setMemberRole: (roomId: Guid, userId: Guid, role: MemberDto["role"]) =>
    request<MemberDto>("PUT", `/api/rooms/${id(roomId)}/members/${id(userId)}/role`, { role }),

  // ---- reports queue (ReviewReports) ----
  reports: (state: ReportState, before?: Guid, limit = 50) =>
    request<KeysetPage<ReportDto, Guid>>("GET", `/api/moderation/reports${q({ state, before, limit })}`),
  resolveReport: (reportId: Guid, note?: string) => request<ReportDto>("POST", `/api/moderation/reports/${id(reportId)}/resolve`, { note: note || null }),
  dismissReport: (reportId: Guid, note?: string) => request<ReportDto>("POST", `/api/moderation/reports/${id(reportId)}/dismiss`, { note: note || null }),

  // ---- administration ----
  adminUsers: (f: { q?: string; role?: string; deactivated?: string; before?: Guid; limit?: number }) =>
    request<AdminUserDto[]>("GET", `/api/admin/users${q(f)}`),
  setServerRole: (userId: Guid, role: ServerRole) => request<AdminUserDto>("PUT", `/api/admin/users/${id(userId)}/role`, { role }),
  deactivateUser: (userId: Guid) => request<unknown>("POST", `/api/admin/users/${id(userId)}/deactivate`),
  reactivateUser: (userId: Guid) => request<unknown>("POST", `/api/admin/users/${id(userId)}/reactivate`),
  timeoutEverywhere: (userId: Guid, seconds: number, reason: string | null) =>
    request<TimeoutDto>("PUT", `/api/admin/users/${id(userId)}/timeout`, { seconds, reason }),
  liftTimeoutEverywhere: (userId: Guid) => request<void>("DELETE", `/api/admin/users/${id(userId)}/timeout`),
  endSessions: (userId: Guid) => request<unknown>("POST", `/api/admin/users/${id(userId)}/sessions/end`),
  createUser: (userName: string, password: string, displayName: string) =>
    request<AdminUserDto>("POST", "/api/admin/users", { userName, password, displayName: displayName || null }),
  adminRooms: (f: { q?: string; archived?: string; before?: Guid; limit?: number }) => request<AdminRoomDto[]>("GET", `/api/admin/rooms${q(f)}`),
  archiveRoom: (roomId: Guid) => request<unknown>("POST", `/api/rooms/${id(roomId)}/archive`),
  unarchiveRoom: (roomId: Guid) => request<unknown>("POST", `/api/rooms/${id(roomId)}/unarchive`),
  deleteRoom: (roomId: Guid) => request<void>("DELETE", `/api/rooms/${id(roomId)}`),
  transferRoom: (roomId: Guid, userId: Guid) => request<unknown>("POST", `/api/rooms/${id(roomId)}/transfer`, { userId }),
  audit: (f: { actor?: string; action?: string; from?: string; to?: string; before?: number; limit?: number }) =>
    request<KeysetPage<AuditEntryDto, number>>("GET", `/api/admin/audit${q(f)}`),
  adminSettings: () => request<ServerSettingsDto>("GET", "/api/admin/settings"),
  updateAdminSettings: (change: Partial<ServerSettingsDto>) => request<ServerSettingsDto>("PATCH", "/api/admin/settings", change),
  invites: () => request<InviteLinkDto[]>("GET", "/api/admin/invites"),
  createInvite: (expiresAt: string | null, maxUses: number | null) => request<InviteLinkDto>("POST", "/api/admin/invites", { expiresAt, maxUses }),
  revokeInvite: (inviteId: Guid) => request<void>("DELETE", `/api/admin/invites/${id(inviteId)}`),
  // ---- custom emoji (issue 21) ----
  customEmoji: () => request<CustomEmojiDto[]>("GET", "/api/emoji"),
  addCustomEmoji: (name: string, picture: Blob) => {
    const form = pictureForm(picture, "emoji" + extensionOf(picture));
    form.append("name", name);
    return request<CustomEmojiDto>("POST", "/api/emoji", form);
  },
  removeCustomEmoji: (name: string) => request<void>("DELETE", `/api/emoji/${id(name)}`),
  /** The sender hides their message's link previews. */
  removePreviews: (messageId: Guid) => request<MessagePreviewsEvent>("DELETE", `/api/messages/${id(messageId)}/previews`),

  // ---- sidebar sections and favourites (issue 21) ----
  sidebar: () => request<SidebarDto>("GET", "/api/sidebar"),
  createSection: (name: string) => request<SidebarCategoryDto>("POST", "/api/sidebar/categories", { name }),
  updateSection: (categoryId: Guid, change: { name?: string; collapsed?: boolean }) =>
    request<SidebarDto>("PATCH", `/api/sidebar/categories/${id(categoryId)}`, change),
  deleteSection: (categoryId: Guid) => request<SidebarDto>("DELETE", `/api/sidebar/categories/${id(categoryId)}`),
  orderSections: (categoryIds: Guid[]) => request<SidebarDto>("PUT", "/api/sidebar/order", { categoryIds }),
  /** categoryId null: back to the conversation's default section. */
  placeInSection: (roomId: Guid, categoryId: Guid | null) => request<SidebarDto>("PUT", `/api/rooms/${id(roomId)}/sidebar`, { categoryId }),
  setFavourite: (roomId: Guid, favourite: boolean) => request<SidebarDto>("PUT", `/api/rooms/${id(roomId)}/favourite`, { favourite }),
};

function extensionOf(b: Blob): string {
  return b.type === "image/webp" ? ".webp" : b.type === "image/jpeg" ? ".jpg" : ".png";
}

/** A sentence for any error, for role="alert" elements. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.problem.code ? refusalText(e.problem.code, e.message, e.problem.retryAfter ?? null) : e.message;
  if (e instanceof NetworkError) return e.message;
  if (e instanceof Error) {
    const refusal = parseHubError(e.message);
    if (refusal) return refusalText(refusal.code, refusal.reason, refusal.retryAfter);
    // A hub call made while the connection is down or coming back: SignalR's own sentence says nothing to people.
    return isHubConnectionLost(e.message) ? OFFLINE : e.message;
  }
  return "Something went wrong.";
}

/** What an action tried while the hub is reconnecting fails with (only sends are queued and sent again). */
export const OFFLINE = "You're offline — try again once reconnected.";

/** The server's machine code of any error (REST problem or hub refusal), or null for network failures. */
export function errorCode(e: unknown): string | null {
  if (e instanceof ApiError) return e.problem.code ?? null;
  return e instanceof Error ? parseHubError(e.message)?.code ?? null : null;
}

/** The login answer when the password was right but a second factor is owed. */
export function isTwoFactorPrompt(answer: MeDto | TwoFactorPrompt): answer is TwoFactorPrompt {
  return typeof (answer as TwoFactorPrompt).challenge === "string";
}
