// Wire types mirroring the server's DTOs (JSON camelCase, Guids as strings, UTC ISO times).

export type Guid = string;
export type IsoTime = string;

export interface MeDto {
  id: Guid;
  userName: string;
  displayName: string;
  statusText: string;
  createdAt: IsoTime;
}

export interface UserDto {
  id: Guid;
  userName: string;
  displayName: string;
  statusText: string;
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
}

export interface MemberDto {
  userId: Guid;
  userName: string;
  displayName: string;
  role: MemberRole;
  joinedAt: IsoTime;
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
