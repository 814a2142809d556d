import { describe, expect, it } from "vitest";
import { customEmojiNameProblem, typedEmojiName } from "./CustomEmojiDialog";

describe("the Custom emoji form's name", () => {
  it("is tidied as typed: lower case, underscores for spaces, no colons around it", () => {
    expect(typedEmojiName(":Party Parrot:")).toBe("party_parrot");
    expect(typedEmojiName("+1_OK")).toBe("+1_ok");
  });

  it("says what the server would refuse before sending: length, characters, a standard emoji's name", () => {
    const standard = new Map([["smile", "😄"]]);
    expect(customEmojiNameProblem("x", standard)).toMatch(/2 to 32/);
    expect(customEmojiNameProblem("a".repeat(33), standard)).toMatch(/2 to 32/);
    expect(customEmojiNameProblem("héllo", standard)).toMatch(/lower-case letters/);
    expect(customEmojiNameProblem("smile", standard)).toBe(":smile: is a standard emoji's name already.");
    expect(customEmojiNameProblem("ship-it_2+", standard)).toBeNull();
  });
});
