import { Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useAssessments, usePostings } from '../../api/queries';
import { customProblem, PERIODS, type InsightsChoice, type PeriodChoice } from './filters';
import { day } from './format';
import classes from './Insights.module.css';

// A Select's list is drawn when it opens, as on the candidates' screen.
const LIST_ON_OPEN = { keepMounted: false };

/** The period, the assessment and the posting every chart is about. */
export function InsightsFilters({ choice, onChange, period }: {
  choice: InsightsChoice;
  onChange: (choice: InsightsChoice) => void;
  /** The days the figures are of, as the charts were asked. */
  period: { from: string; to: string };
}) {
  const assessments = useAssessments();
  const postings = usePostings();
  const set = (patch: Partial<InsightsChoice>) => onChange({ ...choice, ...patch });
  const problem = customProblem(choice);
  return (
    <Stack gap={6} mb="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Text size="sm" fw={500} id="insights-period-label">
            Period
          </Text>
          <SegmentedControl
            aria-labelledby="insights-period-label"
            data={PERIODS.map((p) => ({ value: p.value, label: p.label }))}
            value={choice.period}
            onChange={(value) =>
              set(
                value === 'custom' && !choice.from
                  ? { period: 'custom', from: period.from, to: period.to }
                  : { period: value as PeriodChoice },
              )
            }
            data-testid="insights-period"
          />
        </Stack>
        {choice.period === 'custom' && (
          <>
            <TextInput type="date" label="From" value={choice.from} onChange={(e) => set({ from: e.currentTarget.value })} w={160} />
            <TextInput type="date" label="To" value={choice.to} onChange={(e) => set({ to: e.currentTarget.value })} w={160} />
          </>
        )}
        <Select
          label="Assessment"
          placeholder="All assessments"
          data={(assessments.data ?? []).map((a) => ({ value: a.id, label: a.title }))}
          value={choice.assessment}
          onChange={(assessment) => set({ assessment })}
          clearable
          searchable
          w={220}
          comboboxProps={LIST_ON_OPEN}
          nothingFoundMessage="No assessment by that name"
          data-testid="insights-assessment"
        />
        <Select
          label="Posting"
          placeholder="All postings"
          data={(postings.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
          value={choice.posting}
          onChange={(posting) => set({ posting })}
          clearable
          searchable
          w={220}
          comboboxProps={LIST_ON_OPEN}
          nothingFoundMessage="No posting by that name"
          data-testid="insights-posting"
        />
      </Group>
      <Text size="sm" className={classes.muted} data-testid="insights-days" aria-live="polite">
        {problem ? `${problem} ` : ''}Invitations sent from {day(period.from)} to {day(period.to)}.
      </Text>
    </Stack>
  );
}
