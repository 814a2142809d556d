// @vitest-environment jsdom
import { act } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render } from "../../lib/testDom";
import { useVoiceRecorder } from "./useVoiceRecorder";

/** A MediaRecorder whose stop event comes only when the test says, as a busy browser's does. */
class SlowRecorder {
  static last: SlowRecorder | null = null;
  static isTypeSupported = () => true;
  state: "inactive" | "recording" = "inactive";
  mimeType = "audio/webm;codecs=opus";
  ondataavailable: ((e: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  onstart: (() => void) | null = null;
  constructor() { SlowRecorder.last = this; }
  start() { this.state = "recording"; this.onstart?.(); }
  stop() { this.state = "inactive"; }
  finish() { this.ondataavailable?.({ data: new Blob(["voice"]) }); this.onstop?.(); }
}

describe("useVoiceRecorder", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("stays stopped while the recorder takes its time to hand over the recording", async () => {
    vi.useFakeTimers();
    vi.stubGlobal("MediaRecorder", SlowRecorder);
    const track = { stop: vi.fn() };
    vi.stubGlobal("navigator", { mediaDevices: { getUserMedia: async () => ({ getTracks: () => [track] }) } });
    const done = vi.fn();
    let recorder!: ReturnType<typeof useVoiceRecorder>;
    function Probe() {
      recorder = useVoiceRecorder(done, () => undefined);
      return <span>{recorder.state.phase}</span>;
    }
    const view = render(<Probe />);

    await act(async () => { await recorder.start(); });
    await act(async () => { vi.advanceTimersByTime(1000); });
    expect(view.container.textContent).toBe("recording");

    act(() => recorder.stop(true));
    // Ticks that would have come before the recorder's stop event.
    await act(async () => { vi.advanceTimersByTime(1000); });
    expect(view.container.textContent).toBe("idle");
    act(() => SlowRecorder.last!.finish());
    expect(view.container.textContent).toBe("idle");
    expect(done).toHaveBeenCalledOnce();
    expect(track.stop).toHaveBeenCalled();
  });
});
