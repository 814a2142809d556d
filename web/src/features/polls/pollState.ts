import type { Guid, PollChangedEvent, PollDto, PollVotedEvent } from "../../api/types";
import { applyPartEvent, keepPollChoice, type Timeline } from "../../lib/timeline";

/** One option as the card shows it: its count, its share of the voters (whole percent) and whether I chose it. */
export interface OptionResult {
  id: Guid;
  text: string;
  votes: number;
  percent: number;
  voters: Guid[] | null;
  chosen: boolean;
}

/** Closed by hand or by the server, or past its close time (the server's sweeper closes it within a second). */
export function isClosed(poll: PollDto, now: number = Date.now()): boolean {
  return poll.closedAt !== null || (poll.closesAt !== null && Date.parse(poll.closesAt) <= now);
}

/** Results show once I voted, or when it is closed (like Slack): voting first keeps the choice unswayed. */
export function showsResults(poll: PollDto, now: number = Date.now()): boolean {
  return (poll.mine?.length ?? 0) > 0 || isClosed(poll, now);
}

/** Each option's share is of the people who voted (with several choices each, the shares add up to more than 100). */
export function results(poll: PollDto): OptionResult[] {
  const mine = new Set(poll.mine ?? []);
  return poll.options.map((o) => ({
    id: o.id, text: o.text, votes: o.votes, voters: o.voters, chosen: mine.has(o.id),
    percent: poll.totalVoters > 0 ? Math.round((o.votes * 100) / poll.totalVoters) : 0,
  }));
}

/** My whole choice after ticking or unticking one option (one at most in a single-choice poll), in the options' order. */
export function nextChoice(poll: PollDto, optionId: Guid, checked: boolean): Guid[] {
  if (!poll.multiple) return checked ? [optionId] : [];
  const mine = new Set(poll.mine ?? []);
  if (checked) mine.add(optionId);
  else mine.delete(optionId);
  return poll.options.filter((o) => mine.has(o.id)).map((o) => o.id);
}

/**
 * PollChanged (or a vote's or close's answer) on a timeline: the new results under the message's new rev. The room's
 * event carries nobody's choice, so mine stays as held; an answer for me carries mine and sets it.
 */
export function applyPollEvent(t: Timeline, e: PollChangedEvent): { timeline: Timeline; gap: boolean } {
  return applyPartEvent(t, e, (m) => ({
    poll: m.poll ? keepPollChoice(m.poll, e.poll.mine == null ? e.poll : { ...e.poll, mineRev: e.rev }, e.rev) : e.poll,
  }));
}

/** PollVoted: my choice, from any of my tabs; no rev of its own (PollChanged brings the results under that rev). */
export function applyPollVoted(t: Timeline, e: PollVotedEvent): Timeline {
  const i = t.messages.findIndex((m) => m.id === e.messageId);
  const held = t.messages[i];
  if (!held?.poll || (held.poll.mineRev ?? 0) > e.rev) return t;
  const messages = t.messages.slice();
  messages[i] = { ...held, poll: { ...held.poll, mine: e.mine, mineRev: e.rev } };
  return { ...t, messages };
}
