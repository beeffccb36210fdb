import { memo } from 'react';
import { BarChart, type ChartReferenceLineProps } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { Distribution, InsightsTiming } from '../../api/insights';
import { ChartCard } from './ChartCard';
import type { Figures } from './csv';
import { barHolding, counted, day, duration, openEnded } from './format';
import classes from './Insights.module.css';

/** A time distribution's figures: one row per bar, its bounds in hours. */
export function distributionFigures(d: Distribution): Figures {
  return {
    columns: ['Time', 'From (hours)', 'To (hours)', 'Candidates'],
    rows: d.buckets.map((b) => [b.label, b.from, openEnded(b) ? null : b.to, b.count]),
  };
}

/**
 * The median and the 90th percentile, each drawn on the bar that holds it. Their labels sit on two
 * lines so they never cover each other, beside the line on the side with more room.
 */
export function distributionMarks(d: Distribution): ChartReferenceLineProps[] {
  const side = (label: string) =>
    d.buckets.findIndex((b) => b.label === label) >= d.buckets.length / 2 ? 'insideTopRight' : 'insideTopLeft';
  const marks: ChartReferenceLineProps[] = [];
  const median = barHolding(d.buckets, d.median);
  const p90 = barHolding(d.buckets, d.p90);
  if (median) {
    marks.push({
      x: median,
      label: { value: `Median ${duration(d.median)}` },
      labelPosition: side(median),
      color: 'var(--insights-mark)',
      strokeDasharray: '4 2',
    });
  }
  if (p90) {
    marks.push({
      x: p90,
      label: { value: `90th percentile ${duration(d.p90)}`, dy: 16 },
      labelPosition: side(p90),
      color: 'var(--insights-mark)',
    });
  }
  return marks;
}

function DistributionCard({ title, what, d, file, testId, period }: {
  title: string;
  what: string;
  d: Distribution;
  file: string;
  testId: string;
  period: InsightsTiming['period'];
}) {
  const summary =
    d.count === 0
      ? `${title}: no candidate in this period.`
      : `${title} of ${counted(d.count, 'candidate', 'candidates')}: median ${duration(d.median)}, 90th percentile ${duration(d.p90)}.`;
  return (
    <ChartCard
      title={title}
      testId={testId}
      height={220}
      file={`${file}-${period.from}-${period.to}`}
      summary={summary}
      figures={distributionFigures(d)}
      description={what}
      empty={d.count === 0 ? 'No candidate in this period yet.' : null}
      header={
        <Text size="sm" data-testid={`${testId}-marks`}>
          Median <b>{duration(d.median)}</b> · 90th percentile <b>{duration(d.p90)}</b>{' '}
          <span className={classes.muted}>({counted(d.count, 'candidate', 'candidates')})</span>
        </Text>
      }
    >
      <BarChart
        h={220}
        data={d.buckets}
        dataKey="label"
        series={[{ name: 'count', label: 'Candidates', color: 'indigo.6' }]}
        referenceLines={distributionMarks(d)}
        yAxisProps={{ allowDecimals: false, domain: [0, (max: number) => Math.max(1, Math.ceil(max * 1.4))] }}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
      />
    </ChartCard>
  );
}

/** How long candidates take to start after the invitation, and to submit once started. */
export const TimingCards = memo(function TimingCards({ timing }: { timing: InsightsTiming }) {
  return (
    <>
      <DistributionCard
        title="Time to start"
        what={`From the invitation to the start, for invitations from ${day(timing.period.from)}.`}
        d={timing.toStart}
        file="time-to-start"
        testId="time-to-start"
        period={timing.period}
      />
      <DistributionCard
        title="Time to submit"
        what="From the start to the submission."
        d={timing.toSubmit}
        file="time-to-submit"
        testId="time-to-submit"
        period={timing.period}
      />
    </>
  );
});
