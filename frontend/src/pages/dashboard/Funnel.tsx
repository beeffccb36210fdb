import { memo } from 'react';
import { Group, Paper, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useFunnel } from '../../api/queries';
import type { FunnelRow } from '../../api/types';
import { formatCount, percent } from '../../lib/format';
import { ErrorState } from '../../components/States';

function Step({ label, count, of, color }: { label: string; count: number; of: number; color: string }) {
  const share = percent(count, of);
  return (
    <Tooltip label={`${formatCount(count)} of ${formatCount(of)} invited (${share}%)`} withArrow>
      <Stack gap={2}>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text size="xs" fw={600}>
            {formatCount(count)}
          </Text>
        </Group>
        <Progress value={of ? share : 0} color={color} size="sm" radius="xl" aria-label={`${label} ${share}%`} />
      </Stack>
    </Tooltip>
  );
}

function FunnelCard({ row }: { row: FunnelRow }) {
  return (
    <Paper withBorder radius="md" p="sm" data-testid="funnel-card" data-assessment={row.assessmentId}>
      <Text fw={600} size="sm" truncate="end" mb={6} title={row.title}>
        {row.title}
      </Text>
      <Stack gap={6}>
        <Step label="Invited" count={row.invited} of={row.invited} color="blue" />
        <Step label="Started" count={row.started} of={row.invited} color="yellow" />
        <Step label="Submitted" count={row.submitted} of={row.invited} color="teal" />
      </Stack>
    </Paper>
  );
}

/** Invited → started → submitted for each assessment; drawn again only when the counts change. */
export const Funnel = memo(function Funnel() {
  const funnel = useFunnel();
  if (funnel.isError) {
    return (
      <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
        <ErrorState error={funnel.error} title="Could not load the funnel" />
      </div>
    );
  }
  const rows = funnel.data ?? [];
  if (rows.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm" mb="md" data-testid="funnel">
      {rows.map((row) => (
        <FunnelCard key={row.assessmentId} row={row} />
      ))}
    </SimpleGrid>
  );
});
