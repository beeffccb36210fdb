import { memo, useMemo } from 'react';
import type { ChartSeries } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { Distribution, InsightsTiming } from '../../api/insights';
import { ChartCard } from './ChartCard';
import { Bars, headroom, type ChartMark } from './charts';
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
export function distributionMarks(d: Distribution): ChartMark[] {
  const side = (label: string) =>
    d.buckets.findIndex((b) => b.label === label) >= d.buckets.length / 2 ? 'insideTopRight' : 'insideTopLeft';
  const marks: ChartMark[] = [];
  const median = barHolding(d.buckets, d.median);
  const p90 = barHolding(d.buckets, d.p90);
  if (median) {
    marks.push({
      x: median,
      label: `Median ${duration(d.median)}`,
      position: side(median),
      color: 'var(--insights-mark)',
      dashed: true,
    });
  }
  if (p90) {
    marks.push({
      x: p90,
      label: `90th percentile ${duration(d.p90)}`,
      dy: 16,
      position: side(p90),
      color: 'var(--insights-mark)',
    });
  }
  return marks;
}

const SERIES: ChartSeries[] = [{ name: 'count', label: 'Candidates', color: 'indigo.6' }];
const DOMAIN = headroom(1.4);

function DistributionCard({ title, what, d, file, testId, period }: {
  title: string;
  what: string;
  d: Distribution;
  file: string;
  testId: string;
  period: InsightsTiming['period'];
}) {
  const data = useMemo(() => d.buckets.map((b) => ({ label: b.label, count: b.count })), [d]);
  const marks = useMemo(() => distributionMarks(d), [d]);
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
      <Bars height={220} data={data} dataKey="label" series={SERIES} marks={marks} domain={DOMAIN} allowDecimals={false} tickSpace={84} />
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
