import { memo } from 'react';
import { BarChart, LineChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { InsightsScores } from '../../api/insights';
import { ChartCard } from './ChartCard';
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

/** The scores of submitted results in ten-point bars, with the cut drawn when one assessment is chosen. */
export const ScoreDistributionCard = memo(function ScoreDistributionCard({ scores }: { scores: InsightsScores }) {
  const cutBar = barHolding(scores.buckets, scores.cut);
  const data = scores.buckets.map((b) => ({ label: b.label, passed: b.passed, below: b.count - b.passed }));
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
      <BarChart
        h={240}
        data={data}
        dataKey="label"
        type="stacked"
        series={[
          { name: 'passed', label: 'Passed', color: 'teal.7' },
          { name: 'below', label: 'Did not pass', color: 'gray.5' },
        ]}
        withLegend
        referenceLines={
          cutBar ? [{ x: cutBar, label: `Cut ${scores.cut}`, color: 'var(--insights-cut)', labelPosition: 'insideTopRight' }] : []
        }
        yAxisProps={{ allowDecimals: false, domain: [0, (max: number) => Math.max(1, Math.ceil(max * 1.25))] }}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
      />
    </ChartCard>
  );
});

/** The share of each week's submissions that passed. */
export const WeeklyPassRateCard = memo(function WeeklyPassRateCard({ scores }: { scores: InsightsScores }) {
  const data = scores.weekly.map((w) => ({ week: w.week, rate: percent(w.passRate) }));
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
      <LineChart
        h={220}
        data={data}
        dataKey="week"
        series={[{ name: 'rate', label: 'Pass rate', color: 'teal.7' }]}
        unit="%"
        connectNulls
        yAxisProps={{ domain: [0, 100] }}
        tooltipAnimationDuration={0}
        lineProps={{ isAnimationActive: false }}
      />
    </ChartCard>
  );
});
