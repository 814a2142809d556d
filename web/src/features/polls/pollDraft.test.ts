import { describe, expect, it } from "vitest";
import { checkPollForm, emptyPollForm, pendingPoll } from "./pollDraft";

const now = new Date("2026-12-01T10:00:00Z");
const form = (extra: Partial<ReturnType<typeof emptyPollForm>> = {}) => ({ ...emptyPollForm(), question: " Lunch? ", options: ["Pizza", " Sushi ", ""], ...extra });

describe("the poll form", () => {
  it("trims, leaves blank options out and turns the local close time into UTC", () => {
    const closes = new Date(now.getTime() + 3_600_000);
    const local = `${closes.getFullYear()}-${String(closes.getMonth() + 1).padStart(2, "0")}-${String(closes.getDate()).padStart(2, "0")}T${String(closes.getHours()).padStart(2, "0")}:${String(closes.getMinutes()).padStart(2, "0")}`;
    const r = checkPollForm(form({ multiple: true, closesAt: local }), now);
    expect(r.errors).toEqual({});
    expect(r.question).toBe("Lunch?");
    expect(r.poll).toEqual({ options: ["Pizza", "Sushi"], multiple: true, anonymous: false, closesAt: closes.toISOString() });
  });

  it("names what to fix", () => {
    expect(checkPollForm(form({ question: "  " }), now).errors.question).toBeDefined();
    expect(checkPollForm(form({ options: ["only", " "] }), now).errors.options).toMatch(/at least 2/);
    expect(checkPollForm(form({ options: Array.from({ length: 11 }, (_, i) => `o${i}`) }), now).errors.options).toMatch(/At most 10/);
    expect(checkPollForm(form({ options: ["Yes", "yes"] }), now).errors.options).toMatch(/same/);
    expect(checkPollForm(form({ options: ["a", "x".repeat(101)] }), now).errors.options).toMatch(/100/);
    expect(checkPollForm(form({ closesAt: "2026-11-30T10:00" }), now).errors.closesAt).toMatch(/future/);
    expect(checkPollForm(form({ closesAt: "2027-06-01T10:00" }), now).errors.closesAt).toMatch(/90 days/);
    expect(checkPollForm(form({ question: "" }), now).poll).toBeNull();
  });

  it("a poll still in the outbox shows its options with no votes", () => {
    const p = pendingPoll({ options: ["A", "B"], multiple: false, anonymous: true });
    expect(p.options.map((o) => [o.text, o.votes])).toEqual([["A", 0], ["B", 0]]);
    expect(p.closesAt).toBeNull();
  });
});
