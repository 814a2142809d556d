import type { Guid, MeDto, RoomDetail, RoomSummary } from "../../api/types";
import type { ConnectionStatus } from "../../realtime/connection";
import type { EmojiIndex } from "../../lib/emoji";
import type { Outbox } from "../../lib/outbox";
import type { StagedUpload } from "../../lib/uploads";
import type { Timeline } from "../../lib/timeline";

export interface KnownUser {
  id: Guid;
  userName: string;
  displayName: string;
  statusText?: string;
  bio?: string;
  timeZone?: string;
  /** null or missing: initials. */
  avatarUrl?: string | null;
  /** When statusText clears by itself. */
  statusExpiresAt?: string | null;
}

/** The cache entry for yourself. */
export function knownMe(me: MeDto): KnownUser {
  return { id: me.id, userName: me.userName, displayName: me.displayName, statusText: me.statusText, bio: me.bio, timeZone: me.timeZone, avatarUrl: me.avatarUrl };
}

/** A file the person picked, pasted, dropped or recorded, to stage above the composer. */
export interface FileToStage {
  file: Blob;
  name: string;
  /** A recorded voice message, with the duration the recorder measured. */
  voice?: { durationMs: number };
  /** Sent on its own as soon as it is uploaded (a voice message). */
  autoSend?: boolean;
}

export interface TypingUser {
  userId: Guid;
  userName: string;
  until: number;
}

export interface ChatState {
  me: MeDto;
  status: ConnectionStatus;
  online: boolean;
  roomsLoaded: boolean;
  summaries: Record<Guid, RoomSummary>;
  timelines: Record<Guid, Timeline>;
  details: Record<Guid, RoomDetail>;
  users: Record<Guid, KnownUser>;
  outbox: Outbox;
  typing: Record<Guid, TypingUser[]>;
  currentRoomId: Guid | null;
  /** Where the "New messages" divider sits in each room, fixed when the room was opened. */
  unreadMarker: Record<Guid, number | null>;
  loadingOlder: Record<Guid, boolean>;
  /** A message to scroll to and flash (a reply's original). */
  highlight: { roomId: Guid; messageId: Guid; at: number } | null;
  emoji: EmojiIndex | null;
  /** The last error of an action, shown as a toast. */
  notice: string | null;
  /** Attachments staged above each room's composer. */
  uploads: Record<Guid, StagedUpload[]>;
  /** Started without the network from the saved last state (features/shell): shown read-only until connected. */
  savedView: boolean;
}

type Listener = () => void;

/**
 * The one chat state every part of the chat store writes to (each its own fields), read by components through
 * `useSyncExternalStore`: one snapshot, so a render never sees two parts out of step.
 */
export class ChatStateCell {
  private readonly listeners = new Set<Listener>();

  constructor(private state: ChatState) {}

  get = (): ChatState => this.state;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  /** Changes one room's summary, if the room is held. */
  setSummary(roomId: Guid, change: (s: RoomSummary) => RoomSummary): void {
    const s = this.state.summaries[roomId];
    if (!s) return;
    const next = change(s);
    if (next !== s) this.set({ summaries: { ...this.state.summaries, [roomId]: next } });
  }
}
