import { memo, useId, useMemo } from 'react';
import { Alert, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import type { InsightsCalibration } from '../../api/insights';
import { ChartCard } from './ChartCard';
import { Bars } from './charts';
import type { Figures } from './csv';
import { percent, percentText } from './format';
import classes from './Insights.module.css';

const COLORS: Record<string, string> = { hired: 'teal.7', notHired: 'gray.6', open: 'indigo.5' };

/** "Hired (n = 6)": a group with its sample size, wherever it is named. */
const named = (g: { label: string; count: number }) => `${g.label} (n = ${g.count})`;

/** Per score bar, the share of each group in it (%), and its count: groups of different sizes side by side. */
export function calibrationFigures(c: InsightsCalibration): Figures {
  const labels = c.groups[0]?.buckets.map((b) => b.label) ?? [];
  return {
    columns: ['Score', ...c.groups.flatMap((g) => [`${named(g)} (%)`, `${g.label} (candidates)`])],
    rows: labels.map((label, i) => [
      label,
      ...c.groups.flatMap((g) => {
        const count = g.buckets[i]?.count ?? 0;
        return [g.count === 0 ? null : Math.round((count / g.count) * 1000) / 10, count];
      }),
    ]),
  };
}

/**
 * The scores of candidates later hired against the others', with each group's size and the
 * server's verdict. With too few hires, only the verdict: no chart to read a claim into.
 */
export const CalibrationCard = memo(function CalibrationCard({ calibration }: { calibration: InsightsCalibration }) {
  const c = calibration;
  const titleId = useId();
  const data = useMemo(
    () =>
      (c.groups[0]?.buckets ?? []).map((b, i) => {
        const row: Record<string, string | number | null> = { label: b.label };
        for (const g of c.groups) row[g.group] = g.count === 0 ? 0 : percent((g.buckets[i]?.count ?? 0) / g.count);
        return row;
      }),
    [c],
  );
  const series = useMemo(() => c.groups.map((g) => ({ name: g.group, label: named(g), color: COLORS[g.group] ?? 'grape.6' })), [c]);
  const sizes = (
    <Group gap="lg" data-testid="calibration-sizes">
      {c.groups.map((g) => (
        <Text size="sm" key={g.group}>
          {named(g)}: median <b>{g.median ?? '–'}</b>, passed <b>{percentText(g.passRate)}</b>
        </Text>
      ))}
    </Group>
  );
  const verdict = (
    <Alert variant="light" color={c.enough ? 'indigo' : 'gray'} icon={<IconScale size={18} />} data-testid="calibration-verdict">
      <Text size="sm">{c.verdict}</Text>
    </Alert>
  );
  if (!c.enough) {
    return (
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId} data-testid="insights-calibration">
        <Stack gap="xs">
          <Title order={2} size="h4" id={titleId}>
            Calibration
          </Title>
          <Text size="sm" className={classes.muted}>
            Scores of the candidates later hired against the others'.
          </Text>
          {verdict}
        </Stack>
      </Paper>
    );
  }
  return (
    <ChartCard
      title="Calibration"
      testId="calibration"
      height={240}
      file={`calibration-${c.period.from}-${c.period.to}`}
      figures={calibrationFigures(c)}
      summary={`Score distribution of ${c.groups.map(named).join(', ')}. ${c.verdict}`}
      description="Scores of the candidates later hired against the others', each as a share of its group."
      header={
        <>
          {verdict}
          {sizes}
        </>
      }
    >
      <Bars height={240} data={data} dataKey="label" unit="%" series={series} withLegend />
    </ChartCard>
  );
});
