// Wire types mirroring the server's DTOs (JSON camelCase, Guids as strings, UTC ISO times).

export type Guid = string;
export type IsoTime = string;

export interface MeDto {
  id: Guid;
  userName: string;
  displayName: string;
  statusText: string;
  /** "" when none. */
  bio: string;
  /** An IANA id ("Europe/Paris"), "" when not set. */
  timeZone: string;
  /** null: draw initials. */
  avatarUrl: string | null;
  createdAt: IsoTime;
  /** When the status text clears by itself (null: never). */
  statusExpiresAt?: IsoTime | null;
  /** The server role (issue 17; missing from older servers: treat as "member"). */
  role?: ServerRole;
  /** The account's address (null: none given; missing from older servers). */
  email?: string | null;
  emailVerified?: boolean;
}

/** GET /api/me/sessions: one place where I am signed in (device, browser and OS read from its user agent). */
export interface UserSessionDto {
  id: string;
  current: boolean;
  method: string;
  kind: "cookie" | "bearer";
  device: string;
  browser: string;
  os: string;
  /** The client address last seen; no place (the server has no GeoIP data). */
  address: string;
  createdAt: string;
  lastActiveAt: string;
}

/** GET /api/auth/session: 200 signed in or not; `me` is null when signed out. */
export interface SessionDto {
  signedIn: boolean;
  me: MeDto | null;
}

export interface UserDto {
  id: Guid;
  userName: string;
  displayName: string;
  statusText: string;
  bio: string;
  timeZone: string;
  avatarUrl: string | null;
  statusExpiresAt?: IsoTime | null;
}

export type RoomKind = "public" | "private" | "dm" | "group";
export type MemberRole = "owner" | "moderator" | "member";
/** A person's role on the whole server (src/Parley.Server/Moderation/ServerRole.cs). */
export type ServerRole = "guest" | "member" | "moderator" | "admin" | "owner";
export type InvitePolicy = "members" | "moderators";

export interface RoomDto {
  id: Guid;
  kind: RoomKind;
  name: string;
  topic: string;
  createdById: Guid;
  createdAt: IsoTime;
  lastSeq: number;
  lastRev: number;
  lastActivityAt: IsoTime;
  /** The room's icon (set by its owner); null when none. DMs have none. */
  iconUrl: string | null;
  /** Who may use @here and @room in rooms of more than 10 members. */
  wildcardMentions?: "everyone" | "owners";
  /** Only moderators may post (issue 17; missing from older servers). */
  readOnly?: boolean;
  /** Seconds a member waits between two messages; 0: off. */
  slowModeSeconds?: number;
  invitePolicy?: InvitePolicy;
  /** Archived rooms are read-only for everyone. */
  archived?: boolean;
  /** Members may pin messages too (otherwise moderators; in DMs everyone may). */
  membersMayPin?: boolean;
}

export interface MemberDto {
  userId: Guid;
  userName: string;
  displayName: string;
  role: MemberRole;
  joinedAt: IsoTime;
  avatarUrl: string | null;
}

export interface RoomDetail {
  room: RoomDto;
  members: MemberDto[];
  joined: boolean;
}

export interface PublicRoom {
  room: RoomDto;
  memberCount: number;
  joined: boolean;
}

export interface RoomSummary {
  room: RoomDto;
  role: MemberRole;
  lastReadSeq: number;
  unreadCount: number;
  lastMessage: MessageDto | null;
  members: UserDto[] | null;
  /** Issue 5 phase 2 (missing from older servers): "default" resolves to all for DMs/groups, mentions for rooms. */
  notificationLevel?: NotificationLevel;
  /** Unread messages that mention you. */
  mentionCount?: number;
}

export interface ReplyQuote {
  id: Guid;
  seq: number;
  senderId: Guid;
  text: string;
  deleted: boolean;
}

export interface ReactionDto {
  emoji: string;
  count: number;
  userIds: Guid[];
}

export interface MessageDto {
  id: Guid;
  roomId: Guid;
  seq: number;
  rev: number;
  senderId: Guid;
  kind: "text" | "system";
  text: string;
  clientMessageId: string | null;
  replyToId: Guid | null;
  replyTo: ReplyQuote | null;
  createdAt: IsoTime;
  editedAt: IsoTime | null;
  deletedAt: IsoTime | null;
  reactions: ReactionDto[];
  /** Attachments in upload order; [] once deleted. */
  files: FileDto[];
  /** User ids mentioned with @username (missing from older servers). */
  mentions?: Guid[];
  /** @here or @room (@everyone, @channel) in the text. */
  wildcard?: "here" | "room" | null;
  /** Deleted by a moderator, not by its sender (issue 17). */
  removedByModerator?: boolean;
  /** Pinned in its conversation (issue 21; missing from older servers). */
  pinned?: PinDto | null;

  /** A reply in this root's thread (issue 21); shown in the room only when alsoToRoom. */
  threadRootId?: Guid | null;
  alsoToRoom?: boolean;
  /** On a thread's root: its reply count, last reply time and latest repliers. */
  thread?: ThreadSummary | null;
  /** Link previews under the message, in link order (issue 21; missing from older servers). */
  previews?: LinkPreviewDto[];
  /** The poll the message carries (its text is the question); null for other messages (issue 21). */
  poll?: PollDto | null;
}

/** A link preview card; imageUrl is the server's own /api/previews/{id}/image, never the linked site's. */
export interface LinkPreviewDto {
  id: Guid;
  url: string;
  siteName: string | null;
  title: string | null;
  description: string | null;
  imageUrl: string | null;
}

/** MessagePreviews: the previews a message shows now (empty when its sender removed them). */
export interface MessagePreviewsEvent {
  roomId: Guid;
  messageId: Guid;
  rev: number;
  previews: LinkPreviewDto[];
}

export interface PinDto {
  pinnedBy: Guid;
  pinnedAt: IsoTime;
}

export interface ThreadSummary {
  replyCount: number;
  lastReplyAt: IsoTime | null;
  /** Latest repliers, newest first (at most 5). */
  participants: Guid[];
}

/** ThreadChanged: a root's summary changed; the root took this rev. */
export interface ThreadChangedEvent {
  roomId: Guid;
  rootId: Guid;
  rev: number;
  thread: ThreadSummary | null;
}

/** Your state in one thread (ThreadStateChanged, and the answer of follow/unfollow/read). */
export interface ThreadState {
  rootId: Guid;
  roomId: Guid;
  following: boolean;
  lastReadSeq: number;
  unreadCount: number;
}

export interface ThreadDto {
  root: MessageDto;
  state: ThreadState;
}

export interface FollowedThread {
  root: MessageDto;
  roomName: string;
  roomKind: RoomKind;
  lastReadSeq: number;
  unreadCount: number;
  mentionCount: number;
}

export interface FollowedThreadsPage {
  items: FollowedThread[];
  nextBefore: string | null;
}

export type FileKind = "image" | "video" | "audio" | "file";

/** An uploaded file (POST /api/files), and a message's attachment. */
export interface FileDto {
  id: Guid;
  /** The uploader's file name, made safe by the server; always rendered as text. */
  name: string;
  /** Detected from the bytes by the server. */
  contentType: string;
  kind: FileKind;
  size: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** /api/files/{id}/content (add ?download=true to force a download). */
  url: string;
  thumbnailUrl: string | null;
  /** Recorded as a voice message (audio only). */
  voice: boolean;
}

export interface MessagePage {
  messages: MessageDto[];
  hasMore: boolean;
}

export interface ChangesPage {
  roomId: Guid;
  messages: MessageDto[];
  lastRev: number;
  hasMore: boolean;
  resyncRequired: boolean;
}

export interface ReadEvent {
  roomId: Guid;
  lastReadSeq: number;
  unreadCount: number;
  mentionCount?: number;
}

export interface ReactionsChangedEvent {
  roomId: Guid;
  messageId: Guid;
  rev: number;
  reactions: ReactionDto[];
}

export interface MemberEvent {
  roomId: Guid;
  rev: number;
  member: MemberDto;
}

export interface RoomRemovedEvent {
  roomId: Guid;
  /** null: you left yourself (another tab), or an admin deleted the room; a string (maybe ""): a moderator removed you. */
  reason?: string | null;
  /** Removed by a ban rather than a kick (issue 17). */
  banned?: boolean;
  /** The room was deleted by an admin. */
  deleted?: boolean;
}

export interface TypingEvent {
  roomId: Guid;
  userId: Guid;
  userName: string;
}

export interface SendMessageRequest {
  clientMessageId: string;
  text: string;
  replyToId: Guid | null;
  /** Uploads to post with the message (at most 10); text may be empty when there are some. */
  fileIds?: Guid[];
  /** A reply in this message's thread; alsoToRoom: show it in the room too. */
  threadRootId?: Guid;
  alsoToRoom?: boolean;
  /** Makes the message a poll (text: the question). */
  poll?: CreatePollRequest;
}

/** What PATCH /api/me accepts; a field left out is kept. */
export interface UpdateMeRequest {
  displayName?: string;
  statusText?: string;
  bio?: string;
  timeZone?: string;
  /** ISO time the status clears; null: never. */
  statusExpiresAt?: string | null;
}

/** RFC 7807 problem details as Parley sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  errors?: Record<string, string[]>;
  /** 409 on register names the field at the top level. */
  field?: string;
  traceId?: string;
  /** Stable machine code (docs/api.md, "Error codes"); switch on it, not on the title. */
  code?: string;
  /** Seconds to wait before trying again, when waiting helps. */
  retryAfter?: number;
}

// ---- presence, friends, notifications (issue 5) ----

export type PresenceStatus = "online" | "away" | "dnd" | "offline";
/** What a person may choose; "online" means automatic (online, or away when every tab is idle). */
export type ChosenPresence = "online" | "away" | "dnd";

export interface PresenceDto {
  userId: Guid;
  status: PresenceStatus;
  /** Set when offline. */
  lastSeenAt: IsoTime | null;
}

export type FriendState = "incoming" | "outgoing" | "friends" | "none";

export interface FriendDto {
  user: UserDto;
  state: FriendState;
  since: IsoTime;
}

export interface FriendsList {
  friends: FriendDto[];
  incoming: FriendDto[];
  outgoing: FriendDto[];
}

export interface FriendshipChangedEvent {
  userId: Guid;
  /** From the receiver's side. */
  state: FriendState;
  user: UserDto;
}

export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** The Web Push payload the server sends (the service worker shows it). */
export interface PushPayload {
  title: string;
  body: string;
  roomId: Guid;
  messageId: Guid;
  seq: number;
}

export type NotificationLevel = "default" | "all" | "mentions" | "none";
export type DmPolicy = "everyone" | "friends";

export interface DndSchedule {
  /** "HH:mm" in the user's time zone. */
  start: string;
  end: string;
  /** IANA zone the hours are in (the server's default: UTC). */
  timeZone?: string;
}

export interface SettingsDto {
  dmPolicy: DmPolicy;
  readReceipts: boolean;
  notificationPreview: boolean;
  notificationSound: boolean;
  awayAfterMinutes: number;
  dndSchedule: DndSchedule | null;
  /** Mail "New sign-in to your Parley account" to a verified address (missing from older servers). */
  signInNotice?: boolean;
}

export interface BlockDto {
  user: UserDto;
  blockedAt: IsoTime;
}

export interface BlocksChangedEvent {
  userId: Guid;
  blocked: boolean;
}

export interface NotificationLevelChangedEvent {
  roomId: Guid;
  level: NotificationLevel;
}

export interface MentionDto {
  message: MessageDto;
  roomName: string;
  roomKind: RoomKind;
}

export interface MentionPage {
  items: MentionDto[];
  nextBefore: string | null;
}

export interface ReceiptDto {
  userId: Guid;
  lastReadSeq: number;
}

export interface ReceiptChangedEvent {
  roomId: Guid;
  userId: Guid;
  lastReadSeq: number;
}

// ---- roles, moderation, administration (issue 17) ----

/** What PATCH /api/rooms/{id} accepts; a field left out is kept. */
export interface RoomChange {
  name?: string;
  topic?: string;
  wildcardMentions?: "everyone" | "owners";
  readOnly?: boolean;
  slowModeSeconds?: number;
  invitePolicy?: InvitePolicy;
  membersMayPin?: boolean;
}

export interface BanDto {
  userId: Guid;
  byId: Guid;
  reason: string | null;
  createdAt: IsoTime;
  expiresAt: IsoTime | null;
}

export interface TimeoutDto {
  userId: Guid;
  until: IsoTime;
}

export type ReportState = "open" | "resolved" | "dismissed";

/** Someone named in a report or an audit entry (ReportDtos.cs PersonDto); a removed account keeps its id, names "". */
export interface PersonDto {
  id: Guid;
  userName: string;
  displayName: string;
}

/** A page of a keyset-paged list: ask `before=nextBefore` for the next, null when this was the last. */
export interface KeysetPage<T, K> {
  items: T[];
  nextBefore: K | null;
}

export interface ReportDto {
  id: Guid;
  state: ReportState;
  reason: string;
  createdAt: IsoTime;
  /** The message as it is now (deleted: text "", deleted true). */
  message: { id: Guid; seq: number; text: string; createdAt: IsoTime; editedAt: IsoTime | null; deleted: boolean; sender: PersonDto | null };
  room: { id: Guid; name: string; kind: RoomKind };
  /** null in the ReportFiled event (the reported person may hear it). */
  reporter: PersonDto | null;
  handledBy: PersonDto | null;
  handledAt: IsoTime | null;
  note: string;
}

export interface AdminUserDto {
  id: Guid;
  userName: string;
  displayName: string;
  role: ServerRole;
  createdAt: IsoTime;
  deactivatedAt: IsoTime | null;
  lastSeenAt: IsoTime | null;
  timedOutUntil: IsoTime | null;
}

export interface AdminRoomDto {
  id: Guid;
  kind: "public" | "private";
  name: string;
  topic: string;
  createdById: Guid;
  createdAt: IsoTime;
  lastActivityAt: IsoTime;
  memberCount: number;
  archived: boolean;
  archivedAt: IsoTime | null;
}

export interface AuditEntryDto {
  id: number;
  at: IsoTime;
  /** null: the server's own action. */
  actor: PersonDto | null;
  action: string;
  target: PersonDto | null;
  roomId: Guid | null;
  messageId: Guid | null;
  reason: string;
  /** What changed, as the action records it (JSON). */
  details: unknown;
}

export type RegistrationMode = "open" | "invite" | "closed";

/** GET /api/server: what anyone, even signed out, may know. */
export interface ServerInfo {
  name: string;
  registrationMode: RegistrationMode;
  maxUploadBytes: number;
  maxMessageLength: number;
  /** Who may add custom emoji: admins (and the owner), or every member (never guests). */
  customEmoji: CustomEmojiPolicy;
  /** Sign-in with a passkey is offered (absent on older servers). */
  passkeys?: boolean;
  /** Every account signs in with a second factor (older servers leave it out). */
  requireTwoFactor?: boolean;
  /** The server sends mail (verification, password reset); missing from older servers. */
  email?: boolean;
  /** Sign-up needs an e-mail address and sign-in a verified one. */
  requireEmailVerification?: boolean;
  /** Single sign-on providers offered on the sign-in screen (absent on older servers). */
  sso?: SsoProvider[];
  /** Passwords are refused but the owner's: sign in with a provider. */
  ssoOnly?: boolean;
}

/** An OpenID Connect provider configured on the server. */
export interface SsoProvider {
  name: string;
  displayName: string;
}

/** GET /api/me/sso: each provider, and whether this account is linked to it. */
export interface SsoLink extends SsoProvider {
  linked: boolean;
}

/** A passkey registered to one's account (GET /api/me/passkeys). */
export interface PasskeyDto {
  id: Guid;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** WebAuthn options in their JSON form (binary as base64url), and the token to send back with the browser's answer. */
export interface PasskeyOptionsDto {
  token: string;
  options: Record<string, unknown>;
}

/** GET /api/me/2fa. */
export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
  /** The server requires two-factor: it can't be turned off. */
  required: boolean;
}

/** A pending authenticator secret: qrSvg is the otpauth link drawn as an SVG QR code by the server. */
export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** The answer to a right password when a second step is owed (no session yet). */
export interface TwoFactorPrompt {
  twoFactorRequired: boolean;
  twoFactorSetupRequired: boolean;
  challenge: string;
}

/** Shown once; each code signs in once. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

export interface ServerSettingsDto extends ServerInfo {
  defaultNotificationLevel: Exclude<NotificationLevel, "default">;
}

export interface InviteLinkDto {
  id: Guid;
  /** Only in the answer to its creation (null in the list). */
  token?: string | null;
  /** …/register?invite=<token>, only in the answer to its creation. */
  url?: string | null;
  createdAt: IsoTime;
  createdById: Guid;
  expiresAt: IsoTime | null;
  maxUses: number | null;
  uses: number;
  revokedAt: IsoTime | null;
}

// ---- search (issue 18) ----

export type SearchSort = "recent" | "relevance";

/** The conversation a result is in; for DMs the name is the other people's names. */
export interface SearchRoom {
  id: Guid;
  name: string;
  kind: RoomKind;
}

export interface MessageHit {
  message: MessageDto;
  room: SearchRoom;
  /** HTML-escaped text where only <mark>…</mark> is markup: render with features/search/Snippet, never as HTML. */
  snippet: string;
  /** Relevance sort only. */
  score?: number | null;
}

export interface FileHit {
  file: FileDto;
  message: MessageDto | null;
  room: SearchRoom;
}

export interface PersonHit extends UserDto {
  /** You share a conversation with them (these come first). */
  sharesRoom: boolean;
}

/** A page of results; `nextBefore` is an opaque cursor for the next page, null at the end. */
export interface SearchPage<T> {
  items: T[];
  nextBefore?: string | null;
}

// ---- Calls (issue 19; docs/api.md "Calls"): the hub's call state, events and ICE servers ----

export type CallParticipantState = "ringing" | "joined" | "reconnecting" | "declined" | "missed" | "busy" | "left";

export interface CallParticipantDto {
  userId: Guid;
  /** The id peers address while joined (new on each join); null when not joined. */
  participantId?: Guid | null;
  state: CallParticipantState;
  joinedAt?: IsoTime | null;
  muted: boolean;
  cameraOn: boolean;
  sharing: boolean;
  /** A moderator muted them (they stay muted until they unmute themselves). */
  serverMuted: boolean;
}

export interface IceServerDto {
  urls: string[];
  username?: string | null;
  credential?: string | null;
}

export interface CallDto {
  id: Guid;
  roomId: Guid;
  startedById: Guid;
  video: boolean;
  /** "mesh": peer to peer (SignalCall); "sfu": through the media server (Janus), the Sfu* hub methods. */
  mode: "mesh" | "sfu" | string;
  startedAt: IsoTime;
  endedAt?: IsoTime | null;
  participants: CallParticipantDto[];
  /** Only in answers to my own StartCall/JoinCall/GetMyCalls: my TURN credentials. */
  iceServers?: IceServerDto[] | null;
  /** The most people in the call: the mesh cap, or the media server's in an sfu call. */
  maxParticipants: number;
  /** Goes up with every change of the call: an update with a rev not above the one held is stale. */
  rev?: number;
}

export type CallSignalKind = "offer" | "answer" | "candidate";

export interface CallSignalEvent {
  callId: Guid;
  fromParticipantId: Guid;
  fromUserId: Guid;
  kind: CallSignalKind;
  payload: string;
}

export interface CallRingingStoppedEvent {
  callId: Guid;
  roomId: Guid;
  reason: "accepted" | "declined" | "missed" | "ended" | string;
}

export interface CallEndedEvent {
  callId: Guid;
  roomId: Guid;
  /** "ended" | "missed" | "declined". */
  reason: string | number;
  durationSeconds?: number | null;
}

export interface CallMuteRequestedEvent {
  callId: Guid;
  byUserId: Guid;
}

export interface CallLeftHereEvent {
  callId: Guid;
  reason: "replaced" | "removed" | "ended" | string;
}

export interface CallMediaChange {
  muted?: boolean;
  cameraOn?: boolean;
  sharing?: boolean;
}

// ---- Calls through the media server (issue 19, mode "sfu"): SfuPublish/SfuAnswer/SfuCandidate/SfuRestart, SfuOffer ----

/** What a publisher transceiver carries (Janus VideoRoom `descriptions`). */
export type SfuMediaDescription = "microphone" | "camera" | "screen";

export interface SfuDescription {
  mid: string;
  description: SfuMediaDescription;
}

/** One stream of my subscriber connection: whose feed a mid carries. */
export interface SfuStreamDto {
  /** The mid on my subscriber connection. */
  mid: string;
  /** The feed's participant (null if the server couldn't tell whose an inactive stream was). */
  participantId: Guid | null;
  userId: Guid | null;
  kind: "audio" | "video";
  description?: SfuMediaDescription | string | null;
  /** false: the publisher stopped sending it (left, stopped sharing). */
  active: boolean;
}

/** The media server's offer for my subscriber connection; answered with SfuAnswer. */
export interface SfuOfferEvent {
  callId: Guid;
  sdp: string;
  streams: SfuStreamDto[];
}

/** Which of my two connections to the media server an ICE candidate belongs to. */
export type SfuTarget = "publisher" | "subscriber";

/** A message was pinned (pinnedBy and pinnedAt set) or unpinned (both null); rev is the message's new rev. */
export interface MessagePinnedEvent {
  roomId: Guid;
  messageId: Guid;
  rev: number;
  pinnedBy: Guid | null;
  pinnedAt: IsoTime | null;
}

/** You saved (savedAt set) or unsaved (null) a message. */
export interface SavedChangedEvent {
  messageId: Guid;
  roomId: Guid;
  savedAt: IsoTime | null;
}

export interface SavedItem {
  message: MessageDto;
  roomName: string;
  roomKind: RoomKind;
  savedAt: IsoTime;
}

export interface SavedPage {
  items: SavedItem[];
  nextBefore: string | null;
}

/** One text an edited message has had; `current` marks the text it has now. */
export interface MessageVersionDto {
  version: number;
  text: string;
  editedAt: IsoTime;
  current: boolean;
}

/** The page around the first message at or after a time or seq; no target: the latest page. */
export interface AroundPage {
  messages: MessageDto[];
  hasOlder: boolean;
  hasNewer: boolean;
  targetId: Guid | null;
  targetSeq: number | null;
}

// ---- polls (issue 21) ----

/** A new poll: 2–10 options (1–100 characters, different ignoring case); closesAt ISO UTC, future, at most 90 days ahead. */
export interface CreatePollRequest {
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  closesAt?: IsoTime | null;
}

export interface PollOptionDto {
  id: Guid;
  text: string;
  votes: number;
  /** Who chose it, oldest vote first; null in an anonymous poll. */
  voters: Guid[] | null;
}

export interface PollDto {
  options: PollOptionDto[];
  multiple: boolean;
  anonymous: boolean;
  closesAt: IsoTime | null;
  closedAt: IsoTime | null;
  totalVoters: number;
  /** My choice (option ids) in answers for me; null in room-wide events (keep the one held, PollVoted updates it). */
  mine?: Guid[] | null;
  /** Client-side only: the rev of the PollVoted that set `mine` (an older copy of the message doesn't undo it). */
  mineRev?: number;
}

/** PollChanged (to the room, mine null) and the answer of a vote or close (mine set): the message took this rev. */
export interface PollChangedEvent {
  roomId: Guid;
  rev: number;
  messageId: Guid;
  poll: PollDto;
}

/** PollVoted: to the voter's own connections, their choice now. */
export interface PollVotedEvent {
  roomId: Guid;
  rev: number;
  messageId: Guid;
  mine: Guid[];
}

// ---- custom emoji (issue 21) ----

export type CustomEmojiPolicy = "admins" | "everyone";

/** One of the server's own emoji, written `:name:`; `url` carries the image's version (kept by the browser for good). */
export interface CustomEmojiDto {
  name: string;
  url: string;
  createdBy: Guid;
  createdAt: IsoTime;
}

/** To everyone: an emoji was added, or the one named was removed. */
export interface CustomEmojiChangedEvent {
  added: CustomEmojiDto | null;
  removedName: string | null;
}

/** Scheduled messages (issue 21): one of mine, to be sent at sendAt; text only. */
export type ScheduledState = "pending" | "sending" | "sent" | "failed";

export interface ScheduledMessageDto {
  id: Guid;
  roomId: Guid;
  text: string;
  sendAt: IsoTime;
  state: ScheduledState;
  replyToId: Guid | null;
  threadRootId: Guid | null;
  alsoToRoom: boolean;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  /** The message it became, once sent. */
  messageId: Guid | null;
  /** Why it could not be sent (the send's error code: not_member, banned, read_only … or account_closed). */
  failureCode: string | null;
  failureReason: string | null;
}

/** One of my scheduled messages changed (created, edited, sent, failed), or was cancelled (scheduled null). */
export interface ScheduledChangedEvent {
  id: Guid;
  roomId: Guid;
  scheduled: ScheduledMessageDto | null;
}

// ---- Sidebar sections and favourites (issue 21) ----

/** The three built-in sections and your own ones. */
export type SidebarCategoryKind = "favourites" | "rooms" | "direct" | "custom";

/** One section of your sidebar; roomIds: the conversations in it (a conversation listed nowhere sits in its default). */
export interface SidebarCategoryDto {
  id: Guid;
  kind: SidebarCategoryKind;
  /** Your own sections only; null for the built-ins. */
  name: string | null;
  collapsed: boolean;
  roomIds: Guid[];
}

/** GET /api/sidebar and the SidebarChanged event: your sections in order. */
export interface SidebarDto {
  categories: SidebarCategoryDto[];
}
