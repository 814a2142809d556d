/**
 * The ring of an incoming call, made with WebAudio (no audio file): two soft two-tone bursts every three seconds until
 * stopped. Silently does nothing where audio is unavailable or not yet allowed.
 */
import { audioContext } from "../../lib/sound";

let timer: ReturnType<typeof setInterval> | null = null;

function burst(): void {
  try {
    const ctx = audioContext();
    if (!ctx) return;
    const t0 = ctx.currentTime;
    for (let ring = 0; ring < 2; ring++) {
      const start = t0 + ring * 0.5;
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.1, start + 0.03);
      gain.gain.setValueAtTime(0.1, start + 0.35);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.4);
      gain.connect(ctx.destination);
      for (const freq of [440, 480]) {
        const osc = ctx.createOscillator();
        osc.type = "sine";
        osc.frequency.value = freq;
        osc.connect(gain);
        osc.start(start);
        osc.stop(start + 0.42);
      }
    }
  } catch {
    // No ring, no harm: the dialog still shows.
  }
}

export const ringTone = {
  start(): void {
    if (timer) return;
    burst();
    timer = setInterval(burst, 3000);
  },
  stop(): void {
    if (timer) clearInterval(timer);
    timer = null;
  },
  get ringing(): boolean {
    return timer !== null;
  },
};
