import type { DndSchedule, Guid, MessageDto, NotificationLevel, PresenceStatus, RoomKind, RoomSummary } from "../api/types";
import { mentionsMe, parseMentions } from "./mentions";

export type ResolvedLevel = "all" | "mentions" | "none";

/** "default" (or a server that doesn't send a level): every message in DMs and groups, mentions in rooms. */
export function resolveLevel(kind: RoomKind, level: NotificationLevel | undefined): ResolvedLevel {
  if (level && level !== "default") return level;
  return kind === "dm" || kind === "group" ? "all" : "mentions";
}

/** "HH:mm" → minutes after midnight, or null. */
function minutes(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const h = Number(m[1]), min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** The wall-clock minute of `now` in a time zone ("" or unknown: the browser's). */
export function minuteOfDay(now: Date, timeZone: string): number {
  try {
    if (timeZone) {
      const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
      const h = Number(parts.find((p) => p.type === "hour")?.value);
      const m = Number(parts.find((p) => p.type === "minute")?.value);
      if (Number.isFinite(h) && Number.isFinite(m)) return h * 60 + m;
    }
  } catch {
    // Unknown zone: the browser's clock.
  }
  return now.getHours() * 60 + now.getMinutes();
}

/** Inside the do-not-disturb hours (start inclusive, end exclusive; may wrap past midnight). */
export function inDndSchedule(schedule: DndSchedule | null | undefined, now: Date, timeZone: string): boolean {
  if (!schedule) return false;
  const start = minutes(schedule.start), end = minutes(schedule.end);
  if (start === null || end === null || start === end) return false;
  const t = minuteOfDay(now, schedule.timeZone || timeZone);
  return start < end ? t >= start && t < end : t >= start || t < end;
}

export interface NotifyContext {
  me: { id: Guid; userName: string };
  kind: RoomKind;
  level: NotificationLevel | undefined;
  myStatus: PresenceStatus | undefined;
  dndSchedule: DndSchedule | null | undefined;
  timeZone: string;
  blocked: ReadonlySet<Guid>;
  now: Date;
}

/**
 * Should this new message alert me: someone else's live text message, not from a person I blocked, in a
 * conversation whose level lets it through (all: every message; mentions: when it mentions me; none: never), and
 * not while I am on do-not-disturb (chosen, or inside my schedule).
 */
export function isNotifiable(m: MessageDto, ctx: NotifyContext): boolean {
  if (m.kind !== "text" || m.deletedAt || m.senderId === ctx.me.id || ctx.blocked.has(m.senderId)) return false;
  if (ctx.myStatus === "dnd" || inDndSchedule(ctx.dndSchedule, ctx.now, ctx.timeZone)) return false;
  const level = resolveLevel(ctx.kind, ctx.level);
  if (level === "none") return false;
  if (level === "all") return true;
  // @here is for people at their keyboard: an away (idle) person is not alerted by it alone.
  const named = m.mentions?.includes(ctx.me.id) ?? parseMentions(m.text).names.includes(ctx.me.userName.toLowerCase());
  if (m.wildcard === "here" && ctx.myStatus === "away" && !named) return false;
  return mentionsMe(m, ctx.me);
}

/**
 * What the tab title counts: unread messages in conversations that alert on every message, plus unread mentions
 * elsewhere (muted conversations never count). "(N) Parley", or "Parley" when nothing asks for attention.
 */
export function attentionCount(summaries: Iterable<RoomSummary>): number {
  let n = 0;
  for (const s of summaries) {
    const level = resolveLevel(s.room.kind, s.notificationLevel);
    if (level === "none") continue;
    n += level === "all" ? s.unreadCount : Math.min(s.unreadCount, s.mentionCount ?? 0);
  }
  return n;
}

export function tabTitle(summaries: Iterable<RoomSummary>): string {
  const n = attentionCount(summaries);
  return n > 0 ? `(${n > 99 ? "99+" : n}) Parley` : "Parley";
}

/** A one-line preview for a toast or system notification. */
export function notificationBody(m: MessageDto, preview: boolean, plain: (text: string) => string): string {
  if (!preview) return "New message";
  const text = plain(m.text);
  if (text) return text;
  const n = m.files?.length ?? 0;
  return n === 1 ? "sent a file" : n > 1 ? `sent ${n} files` : "New message";
}
