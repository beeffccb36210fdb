import { vi } from 'vitest';
import type {
  InsightsCalibration,
  InsightsChallenges,
  InsightsFunnel,
  InsightsPeriod,
  InsightsScores,
  InsightsStalling,
  InsightsTiming,
  ScoreBucket,
} from '../../api/insights';

// Answers of the Insights endpoints, as the server sends them, for the screen's tests.

export const period: InsightsPeriod = {
  from: '2026-09-08',
  to: '2026-12-06',
  previousFrom: '2026-06-10',
  previousTo: '2026-09-07',
};

export const funnel: InsightsFunnel = {
  period,
  steps: [
    { step: 'invited', label: 'Invited', count: 40, previous: 30, conversion: null, previousConversion: null },
    { step: 'started', label: 'Started', count: 30, previous: 18, conversion: 0.75, previousConversion: 0.6 },
    { step: 'submitted', label: 'Submitted', count: 24, previous: 15, conversion: 0.8, previousConversion: 0.8333333 },
    { step: 'passed', label: 'Passed', count: 12, previous: 6, conversion: 0.5, previousConversion: 0.4 },
  ],
  completionRate: 0.6,
  previousCompletionRate: 0.5,
};

export const stalling: InsightsStalling = {
  period,
  days: 3,
  total: 2,
  candidates: [
    {
      invitationId: 7,
      name: 'Grace Hopper',
      email: 'grace@example.com',
      assessmentTitle: 'Backend Challenge',
      postingTitle: 'Backend Engineer',
      profileUrl: 'https://hire.lever.co/candidates/opp-7',
      invitedAt: '2026-11-20T10:00:00Z',
      daysWaiting: 16,
    },
    {
      invitationId: 9,
      name: '',
      email: '=cmd@example.com',
      assessmentTitle: 'Frontend Challenge',
      postingTitle: '',
      profileUrl: '',
      invitedAt: '2026-11-30T10:00:00Z',
      daysWaiting: 6,
    },
  ],
};

export const timing: InsightsTiming = {
  period,
  toStart: {
    count: 30,
    median: 20,
    p90: 200,
    buckets: [
      { from: 0, to: 24, label: '< 1 day', count: 16 },
      { from: 24, to: 72, label: '1–3 days', count: 9 },
      { from: 72, to: 168, label: '3–7 days', count: 3 },
      { from: 168, to: 0, label: '7 days or more', count: 2 },
    ],
  },
  toSubmit: { count: 0, median: null, p90: null, buckets: [] },
};

const bar = (from: number, count: number, passed: number): ScoreBucket => ({
  from,
  to: from + 10,
  label: `${from}–${from + 10}`,
  count,
  passed,
});

export const scores: InsightsScores = {
  period,
  cut: 70,
  count: 24,
  median: 68,
  buckets: [bar(50, 4, 0), bar(60, 8, 0), bar(70, 8, 8), bar(80, 4, 4)],
  weekly: [
    { week: '2026-11-23', submitted: 4, passed: 2, passRate: 0.5 },
    { week: '2026-11-30', submitted: 0, passed: 0, passRate: null },
  ],
};

export const challenges: InsightsChallenges = {
  period,
  challenges: [
    { title: 'Rate limiter', submitted: 24, average: 81.25, blank: 1, stoppedHere: 0 },
    { title: 'Cache, "LRU"', submitted: 24, average: 40, blank: 9, stoppedHere: 3 },
  ],
};

export const calibration: InsightsCalibration = {
  period,
  groups: [
    { group: 'hired', label: 'Hired', count: 4, median: 85, mean: 84, passRate: 1, buckets: [bar(70, 1, 1), bar(80, 3, 3)] },
    { group: 'notHired', label: 'Not hired', count: 10, median: 62, mean: 63, passRate: 0.2, buckets: [bar(70, 8, 2), bar(80, 2, 2)] },
  ],
  minimumHires: 3,
  enough: true,
  verdict: 'Hired candidates scored 23 points higher at the median.',
};

export const tooFewHires: InsightsCalibration = {
  ...calibration,
  groups: calibration.groups.map((g) => (g.group === 'hired' ? { ...g, count: 1 } : g)),
  enough: false,
  verdict: 'Only 1 candidate was hired in this period; 3 are needed before the scores can say anything about hiring.',
};

/**
 * jsdom lays nothing out and its ResizeObserver (the tests' stub) never reports: a ResizeObserver
 * that reports each box it is given as 800 px wide, once, on `observe` (a browser reports after
 * the next layout), so the charts draw. Undone by `vi.unstubAllGlobals()` (after each test, src/test/setup.ts).
 */
export function chartsMeasured() {
  class Measured {
    constructor(private readonly report: ResizeObserverCallback) {}
    observe(target: Element) {
      const entry = { target, contentRect: { width: 800, height: 240 } } as unknown as ResizeObserverEntry;
      this.report([entry], this as unknown as ResizeObserver);
    }
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal('ResizeObserver', Measured);
}
