import { describe, expect, it } from "vitest";
import type { PollDto } from "../../api/types";
import { emptyTimeline, upsertMessages } from "../../lib/timeline";
import { msg } from "../../lib/testData";
import { applyPollEvent, applyPollVoted, isClosed, nextChoice, results, showsResults } from "./pollState";

const poll = (extra: Partial<PollDto> = {}): PollDto => ({
  options: [
    { id: "a", text: "Pizza", votes: 2, voters: ["u1", "u2"] },
    { id: "b", text: "Sushi", votes: 1, voters: ["u3"] },
    { id: "c", text: "Tacos", votes: 0, voters: [] },
  ],
  multiple: false, anonymous: false, closesAt: null, closedAt: null, totalVoters: 3, mine: [], ...extra,
});

const timeline = (p: PollDto, rev = 5) => ({ ...emptyTimeline(rev), loaded: true, hasMoreOlder: false, messages: [msg(1), msg(2, rev, { poll: p })] });

describe("poll results", () => {
  it("gives each option its share of the voters, rounded, and marks my choice", () => {
    const r = results(poll({ mine: ["b"] }));
    expect(r.map((o) => o.percent)).toEqual([67, 33, 0]);
    expect(r.map((o) => o.chosen)).toEqual([false, true, false]);
    expect(results(poll({ totalVoters: 0, options: [{ id: "a", text: "A", votes: 0, voters: [] }] }))[0]!.percent).toBe(0);
  });

  it("shares of a multiple-choice poll are of the voters, so they may add up to more than 100", () => {
    const r = results(poll({ multiple: true, totalVoters: 2, options: [{ id: "a", text: "A", votes: 2, voters: null }, { id: "b", text: "B", votes: 1, voters: null }] }));
    expect(r.map((o) => o.percent)).toEqual([100, 50]);
  });

  it("shows results after I voted or once closed, and closes by its time", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(showsResults(poll(), now)).toBe(false);
    expect(showsResults(poll({ mine: ["a"] }), now)).toBe(true);
    expect(showsResults(poll({ closedAt: "2026-12-01T09:00:00Z" }), now)).toBe(true);
    expect(isClosed(poll({ closesAt: "2026-12-01T10:00:00Z" }), now)).toBe(true);
    expect(isClosed(poll({ closesAt: "2026-12-01T10:00:01Z" }), now)).toBe(false);
  });

  it("one choice replaces the other in a single-choice poll, and several add up in option order otherwise", () => {
    expect(nextChoice(poll({ mine: ["a"] }), "b", true)).toEqual(["b"]);
    expect(nextChoice(poll({ mine: ["a"] }), "a", false)).toEqual([]);
    const multi = poll({ multiple: true, mine: ["c"] });
    expect(nextChoice(multi, "a", true)).toEqual(["a", "c"]);
    expect(nextChoice({ ...multi, mine: ["a", "c"] }, "c", false)).toEqual(["a"]);
  });
});

describe("poll events on a timeline", () => {
  it("PollChanged brings the counts under its rev and keeps my choice, which it doesn't carry", () => {
    const t = timeline(poll({ mine: ["a"] }));
    const e = { roomId: "r1", rev: 6, messageId: "m2", poll: poll({ mine: null, totalVoters: 4, options: poll().options.map((o) => (o.id === "c" ? { ...o, votes: 1 } : o)) }) };
    const r = applyPollEvent(t, e);
    expect(r.gap).toBe(false);
    expect(r.timeline.rev).toBe(6);
    const p = r.timeline.messages[1]!.poll!;
    expect(p.options[2]!.votes).toBe(1);
    expect(p.mine).toEqual(["a"]);
    // The same rev again (my own answer after the room's event) changes nothing.
    expect(applyPollEvent(r.timeline, { ...e, poll: { ...e.poll, mine: ["b"] } }).timeline).toBe(r.timeline);
  });

  it("my vote's answer sets my choice; a gap asks for the changes", () => {
    const r = applyPollEvent(timeline(poll()), { roomId: "r1", rev: 6, messageId: "m2", poll: poll({ mine: ["c"] }) });
    expect(r.timeline.messages[1]!.poll!.mine).toEqual(["c"]);
    expect(applyPollEvent(timeline(poll()), { roomId: "r1", rev: 9, messageId: "m2", poll: poll() }).gap).toBe(true);
  });

  it("PollVoted sets my choice from another tab, and an older copy of the message doesn't undo it", () => {
    const t = applyPollVoted(timeline(poll(), 5), { roomId: "r1", rev: 7, messageId: "m2", mine: ["b"] });
    expect(t.messages[1]!.poll!.mine).toEqual(["b"]);
    // Catch-up read before the vote (rev 6, my choice then empty) arrives late: the choice stays.
    const caught = upsertMessages(t.messages, [msg(2, 6, { poll: poll({ mine: [] }) })]);
    expect(caught[1]!.poll!.mine).toEqual(["b"]);
    // A copy from after it stands.
    expect(upsertMessages(t.messages, [msg(2, 8, { poll: poll({ mine: ["a"] }) })])[1]!.poll!.mine).toEqual(["a"]);
    // An older PollVoted is ignored.
    expect(applyPollVoted(t, { roomId: "r1", rev: 6, messageId: "m2", mine: [] })).toBe(t);
  });

  it("an edit's room-wide copy (no choice in it) keeps mine", () => {
    const t = timeline(poll({ mine: ["a"] }));
    const edited = upsertMessages(t.messages, [msg(2, 6, { text: "edited?", poll: poll({ mine: null }) })]);
    expect(edited[1]!.text).toBe("edited?");
    expect(edited[1]!.poll!.mine).toEqual(["a"]);
  });
});
