/** A throttled function: runs at once, then at most once per interval with the latest call. */
export interface Throttled {
  (): void;
  cancel(): void;
}

export interface ThrottleOptions {
  /** How much longer a run that is due should wait (e.g. while the user scrolls), in ms; 0 to run. */
  holdFor?: () => number;
  /** The longest a run is held back by `holdFor`, from when it was first due. */
  maxHoldMs?: number;
}

export function throttle(fn: () => void, intervalMs: number, { holdFor, maxHoldMs = Infinity }: ThrottleOptions = {}): Throttled {
  let last = -Infinity;
  let dueSince: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    const now = Date.now();
    dueSince ??= now;
    const hold = holdFor?.() ?? 0;
    if (hold > 0 && now - dueSince < maxHoldMs) {
      timer = setTimeout(run, Math.min(hold, dueSince + maxHoldMs - now));
      return;
    }
    dueSince = undefined;
    last = now;
    fn();
  };
  const throttled = (() => {
    if (timer !== undefined) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  throttled.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    dueSince = undefined;
  };
  return throttled;
}
