import type { CreatePollRequest, PollDto } from "../../api/types";

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;
export const MAX_OPTION_LENGTH = 100;
export const MAX_OPEN_DAYS = 90;
const MAX_QUESTION = 4000;

/** The create dialog's fields as typed; closesAt is a datetime-local value in the user's time zone ("" for none). */
export interface PollForm {
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  closesAt: string;
}

export interface PollFormErrors {
  question?: string;
  options?: string;
  closesAt?: string;
}

export const emptyPollForm = (): PollForm => ({ question: "", options: ["", ""], multiple: false, anonymous: false, closesAt: "" });

/**
 * The server's rules, checked before sending so the dialog can say what to fix: a question, 2–10 options (blank
 * fields left out, each at most 100 characters, none twice ignoring case), a close time in the future and at most
 * 90 days ahead, turned from local time into UTC.
 */
export function checkPollForm(form: PollForm, now: Date = new Date()): { errors: PollFormErrors; question: string; poll: CreatePollRequest | null } {
  const errors: PollFormErrors = {};
  const question = form.question.trim();
  if (question === "") errors.question = "Ask a question.";
  else if (question.length > MAX_QUESTION) errors.question = `The question is too long (at most ${MAX_QUESTION} characters).`;

  const options = form.options.map((o) => o.trim()).filter((o) => o !== "");
  const keys = options.map((o) => o.toLowerCase());
  if (options.length < MIN_OPTIONS) errors.options = `Give at least ${MIN_OPTIONS} options.`;
  else if (options.length > MAX_OPTIONS) errors.options = `At most ${MAX_OPTIONS} options.`;
  else if (options.some((o) => o.length > MAX_OPTION_LENGTH)) errors.options = `Each option has at most ${MAX_OPTION_LENGTH} characters.`;
  else if (new Set(keys).size !== keys.length) errors.options = "Two options are the same.";

  let closesAt: string | null = null;
  if (form.closesAt !== "") {
    const at = new Date(form.closesAt);
    if (Number.isNaN(at.getTime())) errors.closesAt = "Not a valid date and time.";
    else if (at.getTime() <= now.getTime()) errors.closesAt = "Choose a time in the future.";
    else if (at.getTime() > now.getTime() + MAX_OPEN_DAYS * 86_400_000) errors.closesAt = `At most ${MAX_OPEN_DAYS} days ahead.`;
    else closesAt = at.toISOString();
  }
  const ok = Object.keys(errors).length === 0;
  return { errors, question, poll: ok ? { options, multiple: form.multiple, anonymous: form.anonymous, closesAt } : null };
}

/** What a poll still in the outbox shows: its options, no votes, nothing to click. */
export function pendingPoll(request: CreatePollRequest): PollDto {
  return {
    options: request.options.map((text, i) => ({ id: `pending-${i}`, text, votes: 0, voters: null })),
    multiple: request.multiple, anonymous: request.anonymous, closesAt: request.closesAt ?? null, closedAt: null, totalVoters: 0, mine: [],
  };
}
