import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then at most once per interval with the calls in between folded into one', () => {
    const fn = vi.fn();
    const t = throttle(fn, 500);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    t();
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(499);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(2000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('cancel drops a pending run', () => {
    const fn = vi.fn();
    const t = throttle(fn, 500);
    t();
    t();
    t.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('holds a due run while told to, and runs it once the hold ends', () => {
    const fn = vi.fn();
    let busyUntil = Date.now() + 700; // e.g. the user scrolls for 0.7 s
    const t = throttle(fn, 500, { holdFor: () => Math.max(0, busyUntil - Date.now()), maxHoldMs: 2000 });
    t();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(699);
    expect(fn).not.toHaveBeenCalled();
    t(); // more changes meanwhile fold into the held run
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    // Not busy: the next run comes after the interval, as usual.
    busyUntil = 0;
    t();
    vi.advanceTimersByTime(499);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('never holds a run longer than maxHoldMs, however long the user stays busy', () => {
    const fn = vi.fn();
    const t = throttle(fn, 500, { holdFor: () => 300, maxHoldMs: 2000 });
    t();
    vi.advanceTimersByTime(1999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    // The next one is held again from when it falls due, for at most as long.
    t();
    vi.advanceTimersByTime(500 + 1999);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('cancel drops a held run', () => {
    const fn = vi.fn();
    const t = throttle(fn, 500, { holdFor: () => 300, maxHoldMs: 2000 });
    t();
    t.cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).not.toHaveBeenCalled();
  });
});
