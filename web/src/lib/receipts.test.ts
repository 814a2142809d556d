import { describe, expect, it } from "vitest";
import { msg } from "./testData";
import { receiptText } from "./receipts";

const names: Record<string, string> = { b: "Bob", c: "Carol", d: "Dave", e: "Erin", f: "Frank" };
const nameOf = (id: string) => names[id] ?? "?";
const mine = (seq: number) => msg(seq, seq, { senderId: "me" });

describe("read receipt line", () => {
  it("'Seen' in a DM once the other person read my newest message", () => {
    expect(receiptText([msg(1), mine(2)], "me", "dm", { b: 1 }, nameOf)).toBeNull();
    expect(receiptText([msg(1), mine(2)], "me", "dm", { b: 2 }, nameOf)).toEqual({ messageId: "m2", text: "Seen" });
  });

  it("names the readers in a group, by name, shortened past three", () => {
    expect(receiptText([mine(5)], "me", "group", { c: 5, b: 7, d: 4 }, nameOf)?.text).toBe("Seen by Bob, Carol");
    expect(receiptText([mine(5)], "me", "group", { b: 5, c: 5, d: 5, e: 5, f: 5 }, nameOf)?.text).toBe("Seen by Bob, Carol, Dave and 2 others");
  });

  it("nothing when the newest message is someone else's, in rooms, or with no receipts", () => {
    expect(receiptText([mine(1), msg(2)], "me", "dm", { b: 2 }, nameOf)).toBeNull();
    expect(receiptText([mine(1)], "me", "public", { b: 2 }, nameOf)).toBeNull();
    expect(receiptText([mine(1)], "me", "group", {}, nameOf)).toBeNull();
    // A deleted message of someone else's after mine doesn't hide the line.
    expect(receiptText([mine(1), msg(2, 2, { deletedAt: "x", text: "" })], "me", "dm", { b: 1 }, nameOf)?.text).toBe("Seen");
  });
});
