import { memo, useMemo } from 'react';
import type { ChartSeries } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { InsightsScores } from '../../api/insights';
import { ChartCard } from './ChartCard';
import { Bars, headroom, Lines, type ChartMark } from './charts';
import type { Figures } from './csv';
import { barHolding, counted, percent, percentText } from './format';
import classes from './Insights.module.css';

export function scoreFigures(scores: InsightsScores): Figures {
  return {
    columns: ['Score', 'Candidates', 'Passed'],
    rows: scores.buckets.map((b) => [b.label, b.count, b.passed]),
  };
}

export function weeklyFigures(scores: InsightsScores): Figures {
  return {
    columns: ['Week from', 'Submitted', 'Passed', 'Pass rate (%)'],
    rows: scores.weekly.map((w) => [w.week, w.submitted, w.passed, percent(w.passRate)]),
  };
}

const SCORE_SERIES: ChartSeries[] = [
  { name: 'passed', label: 'Passed', color: 'teal.7' },
  { name: 'below', label: 'Did not pass', color: 'gray.5' },
];
const SCORE_DOMAIN = headroom(1.25);
const RATE_SERIES: ChartSeries[] = [{ name: 'rate', label: 'Pass rate', color: 'teal.7' }];
const RATE_DOMAIN = { max: 100 };

/** The scores of submitted results in ten-point bars, with the cut drawn when one assessment is chosen. */
export const ScoreDistributionCard = memo(function ScoreDistributionCard({ scores }: { scores: InsightsScores }) {
  const data = useMemo(() => scores.buckets.map((b) => ({ label: b.label, passed: b.passed, below: b.count - b.passed })), [scores]);
  const marks = useMemo((): ChartMark[] => {
    const cutBar = barHolding(scores.buckets, scores.cut);
    return cutBar ? [{ x: cutBar, label: `Cut ${scores.cut}`, color: 'var(--insights-cut)', position: 'insideTopRight' }] : [];
  }, [scores]);
  const summary =
    scores.count === 0
      ? 'Scores: no submitted result in this period.'
      : `Scores of ${counted(scores.count, 'submitted result', 'submitted results')}: median ${scores.median ?? '–'}${
          scores.cut === null ? '' : `, cut at ${scores.cut}`
        }.`;
  return (
    <ChartCard
      title="Scores"
      testId="scores"
      height={240}
      file={`scores-${scores.period.from}-${scores.period.to}`}
      summary={summary}
      figures={scoreFigures(scores)}
      description={
        scores.cut === null
          ? 'Each assessment has its own cut: choose one assessment to see its cut on the chart.'
          : `The cut, ${scores.cut}, is drawn on the bar that holds it.`
      }
      empty={scores.count === 0 ? 'No submitted result in this period yet.' : null}
      header={
        <Text size="sm">
          Median <b>{scores.median ?? '–'}</b>{' '}
          <span className={classes.muted}>({counted(scores.count, 'result', 'results')})</span>
        </Text>
      }
    >
      <Bars
        height={240}
        data={data}
        dataKey="label"
        stacked
        series={SCORE_SERIES}
        withLegend
        marks={marks}
        domain={SCORE_DOMAIN}
        allowDecimals={false}
      />
    </ChartCard>
  );
});

/** The share of each week's submissions that passed. */
export const WeeklyPassRateCard = memo(function WeeklyPassRateCard({ scores }: { scores: InsightsScores }) {
  const data = useMemo(() => scores.weekly.map((w) => ({ week: w.week, rate: percent(w.passRate) })), [scores]);
  const rated = scores.weekly.filter((w) => w.passRate !== null);
  const last = rated[rated.length - 1];
  const submitted = scores.weekly.reduce((n, w) => n + w.submitted, 0);
  const summary =
    rated.length === 0
      ? 'Pass rate per week: no submission in this period.'
      : `Pass rate per week over ${counted(scores.weekly.length, 'week', 'weeks')}, from ${percentText(rated[0].passRate)} in the week of ${rated[0].week} to ${percentText(last.passRate)} in the week of ${last.week}.`;
  return (
    <ChartCard
      title="Pass rate per week"
      testId="weekly"
      height={220}
      file={`pass-rate-per-week-${scores.period.from}-${scores.period.to}`}
      summary={summary}
      figures={weeklyFigures(scores)}
      description="Of the results submitted each week (from Monday), the share that passed."
      empty={submitted === 0 ? 'No submission in this period yet.' : null}
    >
      <Lines height={220} data={data} dataKey="week" series={RATE_SERIES} unit="%" domain={RATE_DOMAIN} tickSpace={84} />
    </ChartCard>
  );
});
