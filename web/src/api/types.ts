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
}

export interface UserDto {
  id: Guid;
  userName: string;
  displayName: string;
  statusText: string;
  bio: string;
  timeZone: string;
  avatarUrl: string | null;
}

export type RoomKind = "public" | "private" | "dm" | "group";
export type MemberRole = "owner" | "member";

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
}

/** What PATCH /api/me accepts; a field left out is kept. */
export interface UpdateMeRequest {
  displayName?: string;
  statusText?: string;
  bio?: string;
  timeZone?: string;
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
}
