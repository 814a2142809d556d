import { useCallback, useEffect, useRef, useState } from "react";
import { MAX_VOICE_MS, pickVoiceType, voiceFile } from "../../lib/voice";

export type RecorderState =
  | { phase: "idle" }
  | { phase: "starting" }
  | { phase: "recording"; elapsedMs: number };

export interface Recording {
  blob: Blob;
  name: string;
  durationMs: number;
}

/**
 * Records a voice message with MediaRecorder: start() asks for the microphone, stop(true) hands the recording to
 * onDone, stop(false) throws it away. The microphone is released as soon as recording ends (or the composer goes).
 */
export function useVoiceRecorder(onDone: (r: Recording) => void, onError: (message: string) => void) {
  const [state, setState] = useState<RecorderState>({ phase: "idle" });
  const session = useRef<{ recorder: MediaRecorder; stream: MediaStream; startedAt: number; keep: boolean; timer: ReturnType<typeof setInterval> } | null>(null);
  const latest = useRef({ onDone, onError });
  latest.current = { onDone, onError };

  const release = useCallback(() => {
    const s = session.current;
    if (!s) return;
    clearInterval(s.timer);
    s.stream.getTracks().forEach((t) => t.stop());
    session.current = null;
  }, []);

  const stop = useCallback((keep: boolean) => {
    const s = session.current;
    if (!s) return;
    s.keep = keep;
    // The clock stops now: the recorder's own stop event comes later (later still on a busy machine), and a tick
    // meanwhile said "recording" again, which nothing took back.
    clearInterval(s.timer);
    if (s.recorder.state !== "inactive") s.recorder.stop();
    else release();
    setState({ phase: "idle" });
  }, [release]);

  const start = useCallback(async () => {
    if (session.current) return;
    const type = typeof MediaRecorder !== "undefined" ? pickVoiceType((t) => MediaRecorder.isTypeSupported(t)) : null;
    if (!type || !navigator.mediaDevices?.getUserMedia) {
      latest.current.onError("This browser can't record voice messages.");
      return;
    }
    setState({ phase: "starting" });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch (e) {
      setState({ phase: "idle" });
      latest.current.onError(e instanceof DOMException && e.name === "NotAllowedError"
        ? "Parley may not use the microphone. Allow it in the browser's site settings to record."
        : "No microphone could be opened.");
      return;
    }
    const recorder = new MediaRecorder(stream, { mimeType: type, audioBitsPerSecond: 32000 });
    const chunks: Blob[] = [];
    const s = {
      recorder, stream, startedAt: performance.now(), keep: false,
      timer: setInterval(() => {
        const elapsedMs = performance.now() - s.startedAt;
        setState({ phase: "recording", elapsedMs });
        if (elapsedMs >= MAX_VOICE_MS) stop(true);
      }, 250),
    };
    session.current = s;
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    recorder.onstop = () => {
      const durationMs = Math.round(performance.now() - s.startedAt);
      const keep = s.keep;
      release();
      if (!keep || chunks.length === 0) return;
      const file = voiceFile(recorder.mimeType || type);
      latest.current.onDone({ blob: new Blob(chunks, { type: file.type }), name: file.name, durationMs });
    };
    // The clip begins when the recorder does, not when it was asked to: the length then matches what players show.
    recorder.onstart = () => {
      s.startedAt = performance.now();
    };
    recorder.start(250);
    setState({ phase: "recording", elapsedMs: 0 });
  }, [release, stop]);

  // Leaving the room mid-recording: discard it and free the microphone.
  useEffect(() => () => {
    const s = session.current;
    if (!s) return;
    s.keep = false;
    if (s.recorder.state !== "inactive") s.recorder.stop();
    clearInterval(s.timer);
    s.stream.getTracks().forEach((t) => t.stop());
    session.current = null;
  }, []);

  return { state, start, stop };
}
