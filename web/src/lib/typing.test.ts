import { describe, expect, it } from "vitest";
import { createTypingThrottle, typingSentence } from "./typing";

describe("typing", () => {
  it("builds the sentence", () => {
    expect(typingSentence([])).toBe("");
    expect(typingSentence(["Alice"])).toBe("Alice is typing…");
    expect(typingSentence(["Alice", "Bob"])).toBe("Alice and Bob are typing…");
    expect(typingSentence(["Alice", "Bob", "Carol"])).toBe("Alice, Bob and Carol are typing…");
    expect(typingSentence(["Alice", "Bob", "Carol", "Dan"])).toBe("Alice and 3 others are typing…");
  });

  it("throttles to one call per interval", () => {
    let now = 0;
    const t = createTypingThrottle(3000, () => now);
    expect(t.shouldSend()).toBe(true);
    now = 1000;
    expect(t.shouldSend()).toBe(false);
    now = 3000;
    expect(t.shouldSend()).toBe(true);
    t.reset();
    expect(t.shouldSend()).toBe(true);
  });
});
