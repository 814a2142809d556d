import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createIdleTimer } from "./idle";

const MIN = 60_000;

describe("idle timer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes idle after the timeout without activity, once", () => {
    const changes: boolean[] = [];
    createIdleTimer(5 * MIN, (idle) => changes.push(idle));
    vi.advanceTimersByTime(5 * MIN - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([true]);
    vi.advanceTimersByTime(60 * MIN);
    expect(changes).toEqual([true]);
  });

  it("activity pushes the deadline back", () => {
    const changes: boolean[] = [];
    const t = createIdleTimer(5 * MIN, (idle) => changes.push(idle));
    vi.advanceTimersByTime(4 * MIN);
    t.activity();
    vi.advanceTimersByTime(4 * MIN);
    expect(changes).toEqual([]);
    expect(t.idle).toBe(false);
    vi.advanceTimersByTime(MIN);
    expect(changes).toEqual([true]);
    expect(t.idle).toBe(true);
  });

  it("activity while idle makes it active at once, and idle again after another timeout", () => {
    const changes: boolean[] = [];
    const t = createIdleTimer(MIN, (idle) => changes.push(idle));
    vi.advanceTimersByTime(MIN);
    t.activity();
    t.activity();
    expect(changes).toEqual([true, false]);
    vi.advanceTimersByTime(MIN);
    expect(changes).toEqual([true, false, true]);
  });

  it("a shorter timeout from settings counts from the last activity", () => {
    const changes: boolean[] = [];
    const t = createIdleTimer(5 * MIN, (idle) => changes.push(idle));
    vi.advanceTimersByTime(2 * MIN);
    t.setTimeoutMs(MIN);
    vi.advanceTimersByTime(0);
    expect(changes).toEqual([true]);
    t.activity();
    t.setTimeoutMs(10 * MIN);
    vi.advanceTimersByTime(9 * MIN);
    expect(changes).toEqual([true, false]);
    vi.advanceTimersByTime(MIN);
    expect(changes).toEqual([true, false, true]);
  });

  it("stops after dispose", () => {
    const changes: boolean[] = [];
    const t = createIdleTimer(MIN, (idle) => changes.push(idle));
    t.dispose();
    vi.advanceTimersByTime(10 * MIN);
    t.activity();
    expect(changes).toEqual([]);
  });
});
