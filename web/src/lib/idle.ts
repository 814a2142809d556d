/**
 * Idle detection for one tab: idle after `timeoutMs` without activity (keys, pointer, touch, focus; a hidden tab
 * sees none, so it goes idle after the same time), active again on the next activity. Pure timing logic: the caller
 * feeds activity and hears each change once.
 */
export interface IdleTimer {
  /** Something happened in this tab (throttled: at most one timer reset per second). */
  activity(): void;
  /** A new timeout (settings.awayAfterMinutes); counts from the last activity. */
  setTimeoutMs(ms: number): void;
  readonly idle: boolean;
  dispose(): void;
}

export const DEFAULT_AWAY_MINUTES = 5;
const THROTTLE_MS = 1000;

export function createIdleTimer(timeoutMs: number, onChange: (idle: boolean) => void, now: () => number = Date.now): IdleTimer {
  let idle = false;
  let last = now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (disposed) return;
    const left = last + timeoutMs - now();
    timer = setTimeout(() => {
      timer = null;
      if (now() - last >= timeoutMs) {
        if (!idle) {
          idle = true;
          onChange(true);
        }
      } else arm();
    }, Math.max(0, left));
  };

  arm();
  return {
    activity() {
      if (disposed) return;
      const t = now();
      if (idle) {
        idle = false;
        last = t;
        onChange(false);
        arm();
      } else if (t - last >= THROTTLE_MS) {
        last = t;
        arm();
      }
    },
    setTimeoutMs(ms: number) {
      timeoutMs = ms;
      if (!idle) arm();
    },
    get idle() {
      return idle;
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
