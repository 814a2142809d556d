import { describe, expect, it } from "vitest";
import { buildRows, type TimelineEntry } from "./days";
import { foldHidden } from "./hiddenRuns";

const at = (seq: number, senderId: string, minute = seq): TimelineEntry => ({
  key: `m${seq}`, senderId, kind: "text", seq, createdAt: `2026-11-22T12:${String(minute).padStart(2, "0")}:00Z`,
});

describe("folding a blocked sender's messages", () => {
  it("shows 96 consecutive hidden messages as one row, and the next message with its sender's name", () => {
    const entries = [at(1, "alice"), ...Array.from({ length: 96 }, (_, i) => at(2 + i, "troll", 2)), at(98, "alice", 2)];
    const rows = foldHidden(buildRows(entries, null), (e) => e.senderId === "troll");
    const kinds = rows.map((r) => (r.type === "hidden" ? `hidden×${r.entries.length}` : r.type));
    expect(kinds).toEqual(["day", "message", "hidden×96", "message"]);
    const last = rows.at(-1)!;
    expect(last.type === "message" && last.continued).toBe(false);
  });

  it("starts a new run after a visible message or a divider", () => {
    const entries = [at(1, "troll"), at(2, "troll"), at(3, "alice"), at(4, "troll"), at(5, "troll"), at(6, "troll")];
    const rows = foldHidden(buildRows(entries, 5), (e) => e.senderId === "troll");
    expect(rows.map((r) => (r.type === "hidden" ? r.entries.map((e) => e.seq).join(",") : r.type))).toEqual(["day", "1,2", "message", "4", "unread", "5,6"]);
  });
});
