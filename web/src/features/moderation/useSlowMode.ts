import { useCallback, useEffect, useState } from "react";
import { slowModeUntil, slowModeWaits } from "./postingLimits";

/**
 * Slow mode in the composer: after I send, how long until I may send again (ms, 0: now), ticking each second.
 * `sent()` starts the wait; moderators (exempt) and rooms without slow mode never wait.
 */
export function useSlowMode(roomId: string, slowModeSeconds: number | undefined, exempt: boolean): { leftMs: number; sent: () => void } {
  const [until, setUntil] = useState<number | null>(() => slowModeWaits.get(roomId));
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (until === null) return;
    const tick = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) {
        setUntil(null);
        slowModeWaits.set(roomId, null);
      }
    }, 1000);
    return () => clearInterval(tick);
  }, [until, roomId]);

  const sent = useCallback(() => {
    const t = Date.now();
    const next = slowModeUntil(t, slowModeSeconds, exempt);
    slowModeWaits.set(roomId, next);
    setNow(t);
    setUntil(next);
  }, [roomId, slowModeSeconds, exempt]);

  return { leftMs: until === null || exempt ? 0 : Math.max(0, until - now), sent };
}
