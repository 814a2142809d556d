import { describe, expect, it } from "vitest";
import { pickVoiceType, voiceFile } from "./voice";

describe("voice recording format", () => {
  it("prefers Opus in WebM, falls back to what the browser offers", () => {
    expect(pickVoiceType(() => true)).toBe("audio/webm;codecs=opus");
    expect(pickVoiceType((t) => t.startsWith("audio/mp4"))).toBe("audio/mp4;codecs=mp4a.40.2");
    expect(pickVoiceType(() => false)).toBeNull();
  });
  it("names the file after the container", () => {
    const d = new Date(2026, 4, 6, 7, 8);
    expect(voiceFile("audio/webm;codecs=opus", d)).toEqual({ name: "Voice message 2026-05-06 07.08.webm", type: "audio/webm" });
    expect(voiceFile("audio/mp4", d).name).toMatch(/\.m4a$/);
    expect(voiceFile("audio/ogg;codecs=opus", d).type).toBe("audio/ogg");
  });
});
