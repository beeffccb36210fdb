import { useId, useState, type ReactNode } from 'react';
import { Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconTable } from '@tabler/icons-react';
import { downloadCsv, toCsv, type Figures } from './csv';
import { movedInWords, pointsMoved } from './format';
import { ChartArea } from './charts';
import { useInTurn } from './turns';
import classes from './Insights.module.css';

/** A chart's figures as a table, the same rows as its CSV. */
export function FiguresTable({ figures, caption, id }: { figures: Figures; caption: string; id?: string }) {
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table id={id} striped withTableBorder fz="sm" captionSide="top">
        <Table.Caption className={classes.muted}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {figures.columns.map((c) => (
              <Table.Th key={c} scope="col">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {figures.rows.map((row, i) => (
            <Table.Tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <Table.Th key={j} scope="row" fw={500}>
                    {cell ?? '–'}
                  </Table.Th>
                ) : (
                  <Table.Td key={j}>{cell ?? '–'}</Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * One chart of the Insights screen: its title, the chart (named by a one-line summary for screen
 * readers), and its figures one click away, as a table or as a CSV file built from the same rows.
 */
export function ChartCard(props: {
  title: string;
  /** One line that says what the chart shows: its accessible name. */
  summary: string;
  figures: Figures;
  /** The CSV file's name, without ".csv". */
  file: string;
  /** Said under the title, above the chart. */
  description?: ReactNode;
  /** Figures shown beside the chart whatever the toggle (a median, a rate). */
  header?: ReactNode;
  /** With no figures at all, this line instead of the chart. */
  empty?: string | null;
  /** The chart's height in px, kept while it waits for its turn to be drawn. */
  height: number;
  testId: string;
  children: ReactNode;
}) {
  const [numbers, setNumbers] = useState(false);
  // Drawn in turn with the other charts (turns.ts); the figures are in the summary at once.
  const drawn = useInTurn(props.children);
  const titleId = useId();
  const tableId = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={titleId} data-testid={`insights-${props.testId}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={2} size="h4" id={titleId}>
              {props.title}
            </Title>
            {props.description && (
              <Text size="sm" className={classes.muted}>
                {props.description}
              </Text>
            )}
          </Stack>
          <Group gap={6} wrap="nowrap">
            <Button
              size="compact-sm"
              variant={numbers ? 'filled' : 'light'}
              // Filled, the primary 6 is 4.3:1 against white text; its 8 is 5.7:1.
              color={numbers ? 'indigo.8' : undefined}
              leftSection={<IconTable size={14} />}
              aria-pressed={numbers}
              aria-controls={numbers ? tableId : undefined}
              aria-label={`Numbers: ${props.title}`}
              onClick={() => setNumbers((n) => !n)}
            >
              Numbers
            </Button>
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconDownload size={14} />}
              aria-label={`CSV: ${props.title}`}
              onClick={() => downloadCsv(`${props.file}.csv`, toCsv(props.figures))}
            >
              CSV
            </Button>
          </Group>
        </Group>
        {props.header}
        {numbers ? (
          <FiguresTable id={tableId} figures={props.figures} caption={props.summary} />
        ) : props.empty ? (
          <Text size="sm" className={classes.muted} py="lg" ta="center">
            {props.empty}
          </Text>
        ) : (
          <ChartArea role="img" aria-label={props.summary} data-testid="chart" mih={props.height}>
            {drawn}
          </ChartArea>
        )}
      </Stack>
    </Paper>
  );
}

/** The move of a share against the previous period: ↑/↓ in points, coloured, and said in words. */
export function Moved({ now, before }: { now: number | null; before: number | null }) {
  const points = pointsMoved(now, before);
  const look = points === null || points === 0 ? classes.muted : points > 0 ? classes.up : classes.down;
  const shown = points === null ? 'no earlier figure' : points === 0 ? '= 0 pts' : `${points > 0 ? '↑' : '↓'} ${Math.abs(points)} pts`;
  return (
    <Text span size="sm" fw={600} className={look} data-testid="moved">
      <span aria-hidden>{shown}</span>
      <VisuallyHidden>{movedInWords(now, before)}</VisuallyHidden>
    </Text>
  );
}
