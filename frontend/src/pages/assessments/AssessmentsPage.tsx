import { Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconClipboardList } from '@tabler/icons-react';
import { useAssessments } from '../../api/queries';
import { STATUSES, type Assessment } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { ListTable, type ListColumn } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { ReadFrom } from '../../components/ReadFrom';
import { EmptyState, QueryFallback } from '../../components/States';
import { STATUS_LOOK } from '../../components/StatusChip';
import { formatCount, formatScore } from '../../lib/format';
import { AssessmentRules } from './AssessmentRules';

/** Links to the candidates table narrowed to one assessment and status. */
function dashboardLink(assessmentId: string, status?: string): string {
  const params = new URLSearchParams({ assessment: assessmentId });
  if (status) params.set('status', status);
  return `#/dashboard?${params.toString()}`;
}

function Counts({ assessment }: { assessment: Assessment }) {
  const shown = STATUSES.filter((s) => (assessment.counts[s] ?? 0) > 0);
  if (shown.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No candidates yet
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {shown.map((s) => (
        <Anchor key={s} href={dashboardLink(assessment.id, s)} underline="never">
          <Badge color={STATUS_LOOK[s].color} variant="light" radius="sm" tt="none" style={{ cursor: 'pointer' }}>
            {STATUS_LOOK[s].label} {formatCount(assessment.counts[s] ?? 0)}
          </Badge>
        </Anchor>
      ))}
    </Group>
  );
}

function Row({ assessment }: { assessment: Assessment }) {
  return (
    <Table.Tr data-testid="assessment-row">
      <Table.Td>
        <Anchor href={dashboardLink(assessment.id)} fw={600} size="sm">
          {assessment.title}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{assessment.passingScore === null ? '—' : formatScore(assessment.passingScore)}</Text>
      </Table.Td>
      <Table.Td>
        {assessment.published ? (
          <Badge color="teal" variant="light" radius="sm">
            Published
          </Badge>
        ) : (
          <Tooltip label="Publish it in Qualified before candidates can be invited" withArrow>
            <Badge color="gray" variant="light" radius="sm">
              Not published
            </Badge>
          </Tooltip>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <CopyField value={assessment.tag} label="Copy tag" testId="assessment-tag" />
          <Text size="xs" c="dimmed">
            then {assessment.tags.invited} → {assessment.tags.started} → {assessment.tags.submitted}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Counts assessment={assessment} />
      </Table.Td>
      <Table.Td>
        <AssessmentRules assessment={assessment} />
      </Table.Td>
    </Table.Tr>
  );
}

const COLUMNS: ListColumn[] = [
  { label: 'Assessment' },
  { label: 'Passing score' },
  { label: 'Published' },
  { label: 'Tag to add in Lever' },
  { label: 'Candidates' },
  { label: 'Rules' },
];

/**
 * Qualified's assessments and the tag that sends each one. The list is read from Qualified and
 * kept a while (it says when it was read); the candidates' counts come with it.
 */
export function AssessmentsPage() {
  const assessments = useAssessments();
  const list = assessments.data ?? [];
  let body;
  if (!assessments.data)
    body = <QueryFallback query={assessments} loading="Loading assessments from Qualified…" errorTitle="Could not load assessments" />;
  else if (list.length === 0)
    body = (
      <EmptyState title="No assessments yet" icon={<IconClipboardList size={24} />}>
        Connect Qualified on the Setup screen; your assessments appear here with the tag that sends each one.
      </EmptyState>
    );
  else
    body = (
      <ListTable columns={COLUMNS} minWidth={900} spacing="sm">
        {list.map((a) => (
          <Row key={a.id} assessment={a} />
        ))}
      </ListTable>
    );
  return (
    <>
      <PageHeader
        title="Assessments"
        description="Add an assessment's tag to a candidate or a job in Lever. When the candidate enters a trigger stage, they are invited, and the tag follows their progress."
      />
      <Group justify="flex-end" mb="xs">
        <ReadFrom source="Qualified" read={assessments} />
      </Group>
      {body}
    </>
  );
}
