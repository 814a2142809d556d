/** "Alice is typing…", "Alice and Bob are typing…", "Alice, Bob and Carol are typing…", "Alice and 3 others are typing…". */
export function typingSentence(names: readonly string[]): string {
  const n = names.length;
  if (n === 0) return "";
  if (n === 1) return `${names[0]} is typing…`;
  if (n === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (n === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return `${names[0]} and ${n - 1} others are typing…`;
}

/** Throttle for the hub's Typing call: at most one call per `intervalMs` while the user keeps typing. */
export function createTypingThrottle(intervalMs = 3000, now: () => number = Date.now) {
  let last = -Infinity;
  return {
    shouldSend(): boolean {
      const t = now();
      if (t - last >= intervalMs) {
        last = t;
        return true;
      }
      return false;
    },
    reset(): void {
      last = -Infinity;
    },
  };
}
