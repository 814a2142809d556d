import type { Guid, MeDto, RoomSummary } from "../../api/types";
import type { Timeline } from "../../lib/timeline";
import type { ChatState, KnownUser } from "../chat/chatState";

/**
 * "Last state": what the app shows when it starts without the network — the conversation list and the latest page of
 * the last few conversations opened, saved in localStorage (synchronous, so the first render can use it). Bounded,
 * one signed-in person's at a time, and cleared when the session ends (sign-out, expiry, closing the account).
 */
export const SAVED_ROOMS = 5;
export const SAVED_MESSAGES = 50;
export const SAVED_SUMMARIES = 300;
const KEY = "parley.lastState";
const VERSION = 1;

export interface SavedState {
  v: typeof VERSION;
  me: MeDto;
  savedAt: string;
  summaries: RoomSummary[];
  /** The latest page of each saved conversation (contiguous up to its newest message; older ones trimmed). */
  timelines: Record<Guid, Timeline>;
  users: Record<Guid, KnownUser>;
  currentRoomId: Guid | null;
}

/** Most recently opened first, without repeats, at most SAVED_ROOMS. */
export function noteOpened(recent: readonly Guid[], roomId: Guid | null): Guid[] {
  if (!roomId || recent[0] === roomId) return recent as Guid[];
  return [roomId, ...recent.filter((id) => id !== roomId)].slice(0, SAVED_ROOMS);
}

/** The latest messages only; a window far back (detached) or a page not loaded yet is not worth keeping. */
function latestPage(t: Timeline | undefined): Timeline | null {
  if (!t || !t.loaded || t.detached || t.messages.length === 0) return null;
  const trimmed = t.messages.length > SAVED_MESSAGES;
  return { messages: t.messages.slice(-SAVED_MESSAGES), rev: t.rev, hasMoreOlder: t.hasMoreOlder || trimmed, loaded: true };
}

/** What to save of the chat state: the recently opened rooms' latest pages, the list, and the people they name. */
export function snapshotOf(state: ChatState, recent: readonly Guid[], now = new Date()): SavedState {
  const summaries = Object.values(state.summaries)
    .sort((a, b) => (b.lastMessage?.seq ?? 0) - (a.lastMessage?.seq ?? 0))
    .slice(0, SAVED_SUMMARIES);
  const kept = new Set(summaries.map((s) => s.room.id));
  const timelines: Record<Guid, Timeline> = {};
  for (const id of recent.slice(0, SAVED_ROOMS)) {
    const page = kept.has(id) ? latestPage(state.timelines[id]) : null;
    if (page) timelines[id] = page;
  }
  const named = new Set<Guid>([state.me.id]);
  for (const s of summaries) {
    if (s.lastMessage) named.add(s.lastMessage.senderId);
    for (const u of s.members ?? []) named.add(u.id);
  }
  for (const t of Object.values(timelines)) for (const m of t.messages) named.add(m.senderId);
  const users: Record<Guid, KnownUser> = {};
  for (const id of named) if (state.users[id]) users[id] = state.users[id];
  const current = state.currentRoomId && kept.has(state.currentRoomId) ? state.currentRoomId : null;
  return { v: VERSION, me: state.me, savedAt: now.toISOString(), summaries, timelines, users, currentRoomId: current };
}

/** The chat state to start from when the app opens offline. */
export function stateFromSaved(saved: SavedState): Pick<ChatState, "summaries" | "timelines" | "users" | "roomsLoaded"> {
  const summaries: Record<Guid, RoomSummary> = {};
  for (const s of saved.summaries) summaries[s.room.id] = s;
  return { summaries, timelines: { ...saved.timelines }, users: { ...saved.users }, roomsLoaded: true };
}

export function saveLastState(saved: SavedState): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Full or disabled: an older copy must not stand in for this one.
    clearLastState();
  }
}

/** The saved state, or null when there is none (or it is not one this version wrote). */
export function loadLastState(): SavedState | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<SavedState> | null;
    if (!s || s.v !== VERSION || !s.me?.id || !Array.isArray(s.summaries) || !s.timelines || !s.users) return null;
    return s as SavedState;
  } catch {
    return null;
  }
}

export function clearLastState(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
