import { describe, expect, it } from "vitest";
import type { FileDto } from "../../api/types";
import { msg } from "../../lib/testData";
import { messagePreview, typingPreview } from "./preview";

const names: Record<string, string> = { u1: "Alice Liddell", u2: "Bob Stone", u3: "Carol" };
const nameOf = (id: string) => names[id];
const file = (name: string) => ({ id: name, name }) as FileDto;

describe("messagePreview", () => {
  it("is the text without Markdown, mentions as @name, on one line", () => {
    expect(messagePreview(msg(1, 1, { text: "**Ship it** @carol, see [the notes](https://x.test)\n\n`code`" }), "dm", "u1", nameOf))
      .toBe("Ship it @carol, see the notes code");
  });

  it("names the sender by first name in rooms and groups, you as You, nobody in a 1:1 DM", () => {
    const fromBob = msg(1, 1, { senderId: "u2", text: "hi" });
    expect(messagePreview(fromBob, "public", "u1", nameOf)).toBe("Bob: hi");
    expect(messagePreview(fromBob, "group", "u1", nameOf)).toBe("Bob: hi");
    expect(messagePreview(fromBob, "dm", "u1", nameOf)).toBe("hi");
    expect(messagePreview(msg(2, 2, { senderId: "u1", text: "bye" }), "dm", "u1", nameOf)).toBe("You: bye");
  });

  it("shows files by name when there is no text, system lines as they read, and a deleted message as such", () => {
    expect(messagePreview(msg(1, 1, { text: "", files: [file("plan.pdf")] }), "dm", "u1", nameOf)).toBe("📎 plan.pdf");
    expect(messagePreview(msg(1, 1, { senderId: "u3", text: "", files: [file("a.png"), file("b.png")] }), "private", "u1", nameOf))
      .toBe("Carol: 📎 a.png and 1 more");
    expect(messagePreview(msg(1, 1, { kind: "system", text: "Bob Stone joined" }), "public", "u1", nameOf)).toBe("Bob Stone joined");
    expect(messagePreview(msg(1, 1, { text: "", deletedAt: "2026-12-01T10:00:00Z" }), "public", "u1", nameOf)).toBe("Message deleted");
    expect(messagePreview(null, "public", "u1", nameOf)).toBe("");
  });
});

describe("typingPreview", () => {
  it("says typing… in a DM and who is typing elsewhere, never counting you", () => {
    expect(typingPreview(["u2"], "dm", "u1", nameOf)).toBe("typing…");
    expect(typingPreview(["u1"], "dm", "u1", nameOf)).toBeNull();
    expect(typingPreview(["u2"], "public", "u1", nameOf)).toBe("Bob is typing…");
    expect(typingPreview(["u2", "u3"], "group", "u1", nameOf)).toBe("Bob and Carol are typing…");
    expect(typingPreview(["u2", "u3", "u4"], "public", "u1", nameOf)).toBe("Several people are typing…");
  });
});
