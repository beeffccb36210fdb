import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { buildQuery, request } from './client';
import { keys } from './queries';
import type {
  InsightsCalibration,
  InsightsChallenges,
  InsightsFunnel,
  InsightsScores,
  InsightsStalling,
  InsightsTiming,
} from './types.gen';

export type {
  ChallengeInsight,
  Distribution,
  DistributionBucket,
  FunnelStepInsight,
  InsightsCalibration,
  InsightsChallenges,
  InsightsFunnel,
  InsightsPeriod,
  InsightsScores,
  InsightsStalling,
  InsightsTiming,
  ScoreBucket,
  ScoreGroup,
  StallingCandidate,
  WeekPassRate,
} from './types.gen';

// The Insights screen: one answer per chart, each for the same filter. Like routing.ts, the keys sit
// under the prefix of the topic that changes them (keys.invitationsAll, refreshed by the
// "invitations" topic in topics.ts): a new invitation, a start or a result moves the figures, and
// a live update reads the charts on screen again without a topic of their own.

/** What the figures are about: a period (YYYY-MM-DD, inclusive), one assessment or all, one posting or all. */
export interface InsightsFilter {
  from: string;
  to: string;
  assessment: string | null;
  posting: string | null;
}

export const INSIGHTS_KEY = [...keys.invitationsAll, 'insights'] as const;

export type InsightsChart = 'funnel' | 'timing' | 'scores' | 'challenges' | 'calibration';

export const insightsKeys = {
  chart: (chart: InsightsChart, filter: InsightsFilter) => [...INSIGHTS_KEY, chart, filter] as const,
  stalling: (filter: InsightsFilter, days: number) => [...INSIGHTS_KEY, 'stalling', filter, days] as const,
};

/** The path of one chart's answer for a filter; empty choices are left out (all of them). */
export function insightsPath(chart: InsightsChart | 'stalling', filter: InsightsFilter, extra: Record<string, number> = {}): string {
  return `/api/insights/${chart}${buildQuery({
    from: filter.from,
    to: filter.to,
    assessment: filter.assessment,
    posting: filter.posting,
    ...extra,
  })}`;
}

export const insightsApi = {
  funnel: (f: InsightsFilter) => request<InsightsFunnel>('GET', insightsPath('funnel', f)),
  timing: (f: InsightsFilter) => request<InsightsTiming>('GET', insightsPath('timing', f)),
  scores: (f: InsightsFilter) => request<InsightsScores>('GET', insightsPath('scores', f)),
  challenges: (f: InsightsFilter) => request<InsightsChallenges>('GET', insightsPath('challenges', f)),
  calibration: (f: InsightsFilter) => request<InsightsCalibration>('GET', insightsPath('calibration', f)),
  stalling: (f: InsightsFilter, days: number) => request<InsightsStalling>('GET', insightsPath('stalling', f, { days })),
};

// The figures of the last filter stay on screen while the next ones load: a chart changes in
// place rather than falling back to a spinner.
const shown = { placeholderData: keepPreviousData } as const;

export const useInsightsFunnel = (f: InsightsFilter) =>
  useQuery({ queryKey: insightsKeys.chart('funnel', f), queryFn: () => insightsApi.funnel(f), ...shown });
export const useInsightsTiming = (f: InsightsFilter) =>
  useQuery({ queryKey: insightsKeys.chart('timing', f), queryFn: () => insightsApi.timing(f), ...shown });
export const useInsightsScores = (f: InsightsFilter) =>
  useQuery({ queryKey: insightsKeys.chart('scores', f), queryFn: () => insightsApi.scores(f), ...shown });
export const useInsightsChallenges = (f: InsightsFilter) =>
  useQuery({ queryKey: insightsKeys.chart('challenges', f), queryFn: () => insightsApi.challenges(f), ...shown });
export const useInsightsCalibration = (f: InsightsFilter) =>
  useQuery({ queryKey: insightsKeys.chart('calibration', f), queryFn: () => insightsApi.calibration(f), ...shown });
export const useInsightsStalling = (f: InsightsFilter, days: number) =>
  useQuery({ queryKey: insightsKeys.stalling(f, days), queryFn: () => insightsApi.stalling(f, days), ...shown });
