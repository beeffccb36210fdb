import { memo, useMemo } from 'react';
import type { ChartSeries } from '@mantine/charts';
import { Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { InsightsFunnel } from '../../api/insights';
import { ChartCard, Moved } from './ChartCard';
import { Bars } from './charts';
import type { Figures } from './csv';
import { counted, day, percent, percentText, pointsMoved } from './format';
import classes from './Insights.module.css';

/** The funnel's figures: one row per step, with its conversion from the step before. */
export function funnelFigures(funnel: InsightsFunnel): Figures {
  return {
    columns: ['Step', 'Candidates', 'Previous period', 'Conversion (%)', 'Previous conversion (%)', 'Change (points)'],
    rows: funnel.steps.map((s) => [
      s.label,
      s.count,
      s.previous,
      percent(s.conversion),
      percent(s.previousConversion),
      pointsMoved(s.conversion, s.previousConversion),
    ]),
  };
}

/** "120 invited, 80 started (66.7%), …": the funnel in one line. */
export function funnelSummary(funnel: InsightsFunnel): string {
  const steps = funnel.steps
    .map((s) => `${s.count} ${s.label.toLowerCase()}${s.conversion === null ? '' : ` (${percentText(s.conversion)})`}`)
    .join(', ');
  return `Funnel from ${day(funnel.period.from)} to ${day(funnel.period.to)}: ${steps}.`;
}

const SERIES: ChartSeries[] = [
  { name: 'count', label: 'This period', color: 'indigo.6' },
  { name: 'previous', label: 'Previous period', color: 'gray.5' },
];

/** Invited → started → submitted → passed, against the previous period, with the conversion between each step. */
export const FunnelCard = memo(function FunnelCard({ funnel }: { funnel: InsightsFunnel }) {
  const data = useMemo(() => funnel.steps.map((s) => ({ step: s.label, count: s.count, previous: s.previous })), [funnel]);
  const invited = funnel.steps[0]?.count ?? 0;
  return (
    <ChartCard
      title="Funnel"
      testId="funnel"
      height={240}
      file={`funnel-${funnel.period.from}-${funnel.period.to}`}
      summary={funnelSummary(funnel)}
      figures={funnelFigures(funnel)}
      description={`Invited from ${day(funnel.period.from)} to ${day(funnel.period.to)}, against ${day(funnel.period.previousFrom)} to ${day(funnel.period.previousTo)}.`}
      empty={invited === 0 ? 'No one was invited in this period.' : null}
      header={
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          <Stack gap={0} data-testid="completion-rate">
            <Text size="xs" className={classes.muted}>
              Completion rate
            </Text>
            <Text fw={700} size="lg">
              {percentText(funnel.completionRate)}
            </Text>
            <Moved now={funnel.completionRate} before={funnel.previousCompletionRate} />
          </Stack>
          {funnel.steps.slice(1).map((s, i) => (
            <Stack gap={0} key={s.step} data-testid={`conversion-${s.step}`}>
              <Text size="xs" className={classes.muted}>
                {funnel.steps[i].label} → {s.label}
              </Text>
              <Group gap={6} align="baseline">
                <Text fw={700} size="lg">
                  {percentText(s.conversion)}
                </Text>
              </Group>
              <Moved now={s.conversion} before={s.previousConversion} />
            </Stack>
          ))}
        </SimpleGrid>
      }
    >
      <Bars height={240} data={data} dataKey="step" series={SERIES} withLegend />
      <Text size="xs" className={classes.muted} mt={4}>
        {counted(invited, 'candidate', 'candidates')} invited in this period.
      </Text>
    </ChartCard>
  );
});
