// Formatting of times, durations and scores for the recruiter.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * "just now", "5 min ago", "3 hr ago", "yesterday", "4 days ago", then a date.
 * Times slightly in the future (clock skew) read as "just now".
 */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  if (seconds < 45) {
    if (seconds < -60) return `in ${formatDuration(-seconds)}`;
    return 'just now';
  }
  if (seconds < 90) return '1 min ago';
  if (seconds < HOUR) return `${Math.round(seconds / MINUTE)} min ago`;
  if (seconds < DAY) return `${Math.floor(seconds / HOUR)} hr ago`;
  if (seconds < 2 * DAY) return 'yesterday';
  if (seconds < 30 * DAY) return `${plural(Math.floor(seconds / DAY), 'day')} ago`;
  return dateFormat().format(at);
}

// Formatters in the recruiter's locale, made once: making one is far slower than using it, and a
// page of candidates formats hundreds of times.
let dates: Intl.DateTimeFormat | undefined;
let dateTimes: Intl.DateTimeFormat | undefined;
let counts: Intl.NumberFormat | undefined;

function dateFormat(): Intl.DateTimeFormat {
  dates ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return dates;
}

function dateTimeFormat(): Intl.DateTimeFormat {
  dateTimes ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return dateTimes;
}

function countFormat(): Intl.NumberFormat {
  counts ??= new Intl.NumberFormat();
  return counts;
}

/** The full local date and time, for hover text. */
export function formatAbsolute(iso: string | null | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return dateTimeFormat().format(at);
}

/** A duration in seconds as "45s", "12m", "1h 05m", "2d 3h". */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds) || totalSeconds < 0) {
    return '—';
  }
  const s = Math.round(totalSeconds);
  if (s < MINUTE) return `${s}s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)}m`;
  if (s < DAY) {
    const h = Math.floor(s / HOUR);
    const m = Math.floor((s % HOUR) / MINUTE);
    return `${h}h ${String(m).padStart(2, '0')}m`;
  }
  const d = Math.floor(s / DAY);
  const h = Math.floor((s % DAY) / HOUR);
  return `${d}d ${h}h`;
}

/** A score out of 100 as "82.5%" or "90%"; no score is a dash. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  const rounded = Math.round(score * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/**
 * Makes the formatters ahead of their first use. The first one the page makes
 * loads the browser's locale data (about 15 ms): done in a task of its own at
 * start-up, that cost is not added to the render that first shows the data.
 */
export function prepareFormatters(): void {
  dateFormat();
  dateTimeFormat();
  countFormat();
}


/** "1,234" in the recruiter's locale. */
export function formatCount(n: number): string {
  return countFormat().format(n);
}

/** Share of a whole as a whole percentage, 0 when there is nothing to share. */
export function percent(part: number, whole: number): number {
  if (!whole) return 0;
  return Math.round((part / whole) * 100);
}
