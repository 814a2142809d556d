/** What a voice message is recorded as: Opus in WebM where the browser can (Chromium, Firefox), else what it offers. */
export const VOICE_TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4;codecs=mp4a.40.2", "audio/mp4"] as const;

export function pickVoiceType(isSupported: (type: string) => boolean): string | null {
  return VOICE_TYPES.find((t) => isSupported(t)) ?? null;
}

/** The file name and plain type a recording is uploaded with ("audio/webm;codecs=opus" → voice-message.webm, audio/webm). */
export function voiceFile(type: string, now: Date = new Date()): { name: string; type: string } {
  const base = type.split(";")[0]!.trim() || "audio/webm";
  const ext = base === "audio/mp4" ? "m4a" : base === "audio/ogg" ? "ogg" : "webm";
  const p = (n: number) => String(n).padStart(2, "0");
  return { name: `Voice message ${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}.${p(now.getMinutes())}.${ext}`, type: base };
}

/** Recordings stop by themselves after this long. */
export const MAX_VOICE_MS = 10 * 60 * 1000;
