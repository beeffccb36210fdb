import type { InsightsFilter } from '../../api/insights';

/** The periods offered at one click; "custom" takes the from and to typed in. */
export const PERIODS = [
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '6m', label: '6 months' },
  { value: '12m', label: '12 months' },
  { value: 'custom', label: 'Custom' },
] as const;
export type PeriodChoice = (typeof PERIODS)[number]['value'];

/** What the recruiter chose above the charts; it lives in the address (#/insights?period=30d). */
export interface InsightsChoice {
  period: PeriodChoice;
  /** The custom period's days (YYYY-MM-DD); used only with period "custom". */
  from: string;
  to: string;
  assessment: string | null;
  posting: string | null;
  /** Stalling: invited more than this many days ago and not started. */
  days: number;
}

export const DEFAULT_STALLING_DAYS = 3;

export const DEFAULT_CHOICE: InsightsChoice = {
  period: '90d',
  from: '',
  to: '',
  assessment: null,
  posting: null,
  days: DEFAULT_STALLING_DAYS,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const iso = (d: Date) => d.toISOString().slice(0, 10);

function addDays(d: Date, n: number): Date {
  const out = new Date(d);
  out.setUTCDate(out.getUTCDate() + n);
  return out;
}

function addMonths(d: Date, n: number): Date {
  const out = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
  out.setUTCDate(Math.min(d.getUTCDate(), last));
  return out;
}

/**
 * The days a choice covers, both included, ending today (UTC) for a preset: "30 days" is today
 * and the 29 days before it; "6 months" starts the day after the same date six months back.
 */
export function periodOf(choice: InsightsChoice, today: Date): { from: string; to: string } {
  const end = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  switch (choice.period) {
    case '30d':
      return { from: iso(addDays(end, -29)), to: iso(end) };
    case '6m':
      return { from: iso(addDays(addMonths(end, -6), 1)), to: iso(end) };
    case '12m':
      return { from: iso(addDays(addMonths(end, -12), 1)), to: iso(end) };
    case 'custom':
      if (isDay(choice.from) && isDay(choice.to)) {
        return choice.from <= choice.to ? { from: choice.from, to: choice.to } : { from: choice.to, to: choice.from };
      }
      return periodOf({ ...choice, period: '90d' }, today);
    default:
      return { from: iso(addDays(end, -89)), to: iso(end) };
  }
}

/** The API's filter for a choice, on a given day. */
export function filterOf(choice: InsightsChoice, today: Date): InsightsFilter {
  return { ...periodOf(choice, today), assessment: choice.assessment, posting: choice.posting };
}

/** Whether the custom days typed in make a period (both days, from not after to). */
export function customProblem(choice: InsightsChoice): string | null {
  if (choice.period !== 'custom') return null;
  if (!isDay(choice.from) || !isDay(choice.to)) return 'Choose both days; until then the figures are of the last 90 days.';
  if (choice.from > choice.to) return 'The first day comes after the last one; the figures are of the days between them.';
  return null;
}

const PERIOD_VALUES: readonly string[] = PERIODS.map((p) => p.value);

/** The choice in the query part of the address, for links and reloads. */
export function choiceFromSearch(search: string): InsightsChoice {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const period = params.get('period') ?? '';
  const days = Number(params.get('days'));
  return {
    period: PERIOD_VALUES.includes(period) ? (period as PeriodChoice) : DEFAULT_CHOICE.period,
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    assessment: params.get('assessment') || null,
    posting: params.get('posting') || null,
    days: Number.isInteger(days) && days > 0 ? days : DEFAULT_STALLING_DAYS,
  };
}

/** "?period=30d&assessment=…", leaving out what is as by default. */
export function choiceToSearch(choice: InsightsChoice): string {
  const params = new URLSearchParams();
  if (choice.period !== DEFAULT_CHOICE.period) params.set('period', choice.period);
  if (choice.period === 'custom') {
    if (choice.from) params.set('from', choice.from);
    if (choice.to) params.set('to', choice.to);
  }
  if (choice.assessment) params.set('assessment', choice.assessment);
  if (choice.posting) params.set('posting', choice.posting);
  if (choice.days !== DEFAULT_STALLING_DAYS) params.set('days', String(choice.days));
  const text = params.toString();
  return text ? `?${text}` : '';
}
