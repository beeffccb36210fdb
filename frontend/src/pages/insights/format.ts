// How the Insights screen says its figures.

/** A share (0–1) in percent, to one decimal: 0.625 → 62.5; null stays null. */
export const percent = (share: number | null | undefined): number | null =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;

/** "62.5%", or "–" with no figure. */
export const percentText = (share: number | null | undefined): string => {
  const p = percent(share);
  return p === null ? '–' : `${p}%`;
};

/** The move of a share against the previous period, in percentage points to one decimal; null when either is missing. */
export function pointsMoved(now: number | null, before: number | null): number | null {
  if (now === null || before === null) return null;
  return Math.round((now - before) * 1000) / 10;
}

/** The move said in words, for everyone and for screen readers: "up 5.2 points from 40% in the previous period". */
export function movedInWords(now: number | null, before: number | null): string {
  const points = pointsMoved(now, before);
  if (points === null) return 'no figure to compare with in the previous period';
  const unit = Math.abs(points) === 1 ? 'point' : 'points';
  if (points === 0) return `no change from the previous period (${percentText(before)})`;
  return `${points > 0 ? 'up' : 'down'} ${Math.abs(points)} ${unit} from ${percentText(before)} in the previous period`;
}

/** A time in hours, as a recruiter would say it: "45 min", "5 h", "2.5 days". */
export function duration(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** A count with its noun: "1 candidate", "3 candidates". */
export const counted = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "1 Sep 2026" from "2026-09-01" (read as a UTC day). */
export function day(iso: string): string {
  const at = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(at.getTime())
    ? iso
    : at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Whether a bar has no end (the last bar of a time distribution: its To is 0). */
export const openEnded = (bar: { from: number; to: number }) => bar.to <= bar.from;

/**
 * The label of the bar that holds a value (from ≤ value < to): where a median or a cut is marked.
 * The last bar also holds its own end (a score of 100) and, with no end, everything past its start.
 */
export function barHolding<T extends { from: number; to: number; label: string }>(bars: T[], value: number | null): string | null {
  if (value === null || bars.length === 0) return null;
  const last = bars[bars.length - 1];
  const bar =
    bars.find((b) => value >= b.from && (openEnded(b) || value < b.to)) ??
    (value >= last.from && value <= last.to ? last : null);
  return bar?.label ?? null;
}
