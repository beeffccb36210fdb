import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Modal, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive } from '@tabler/icons-react';
import { useArchiveSuggestions, useDecideSuggestions, type ArchiveSuggestion } from '../../api/routing';
import { StepError } from '../../components/StepError';

type Decision = { kind: 'approve' | 'dismiss'; rows: ArchiveSuggestion[] };

const names = (rows: ArchiveSuggestion[]) => rows.map((r) => r.candidate.name || r.candidate.opportunityId);
const plural = (n: number, one: string) => (n === 1 ? `1 ${one}` : `${n} ${one}s`);

/** What a decision will do, said before it is done. */
export function decisionText({ kind, rows }: Decision): string {
  if (kind === 'dismiss') {
    return `Dismiss the suggestion for ${names(rows).join(', ')}? They stay as they are in Lever; nothing is archived.`;
  }
  const list = rows.map((r) => `${r.candidate.name || r.candidate.opportunityId} (${r.reasonText})`).join(', ');
  return `Archive ${plural(rows.length, 'candidate')} in Lever: ${list}? Each is archived with that reason, as the Lever user chosen in Settings, and only if still active in the stage they were invited from.`;
}

function stateOf(s: ArchiveSuggestion) {
  if (s.state === 'approved') return <Badge color="blue" variant="light">Archiving…</Badge>;
  if (s.state === 'left') return <Badge color="gray" variant="light">Left alone</Badge>;
  return <Badge color="orange" variant="light">Suggested</Badge>;
}

/** Candidates assessbridge suggests archiving (a failed or expired assessment), for the recruiter to approve. */
export function ArchiveSuggestions() {
  const list = useArchiveSuggestions();
  const approve = useDecideSuggestions('approve');
  const dismiss = useDecideSuggestions('dismiss');
  const [selected, setSelected] = useState<number[]>([]);
  const [asking, setAsking] = useState<Decision | null>(null);
  const rows = list.data ?? [];
  if (rows.length === 0) return null;

  const open = rows.filter((r) => r.state === 'suggested');
  const chosen = open.filter((r) => selected.includes(r.invitationId));
  const toggle = (id: number, on: boolean) => setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  const allOn = open.length > 0 && chosen.length === open.length;

  const confirm = () => {
    if (!asking) return;
    const ids = asking.rows.map((r) => r.invitationId);
    const mutation = asking.kind === 'approve' ? approve : dismiss;
    mutation.mutate(ids, {
      onSuccess: () => {
        setSelected((s) => s.filter((x) => !ids.includes(x)));
        notifications.show({
          color: 'teal',
          message:
            asking.kind === 'approve'
              ? `Archiving ${names(asking.rows).join(', ')} in Lever. The activity log tells how it went.`
              : `Suggestion dismissed for ${names(asking.rows).join(', ')}.`,
        });
        setAsking(null);
      },
    });
  };
  const pending = approve.isPending || dismiss.isPending;

  return (
    <Paper withBorder radius="md" p="md" mb="md" component="section" aria-label="Suggested archives">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h5">
              Suggested archives ({open.length})
            </Title>
            <Text size="sm" c="dimmed">
              These candidates failed an assessment, or let its deadline pass, and its rules suggest archiving them. Nothing changes in Lever until you
              approve.
            </Text>
          </Stack>
          <Button
            leftSection={<IconArchive size={16} />}
            disabled={chosen.length === 0}
            onClick={() => setAsking({ kind: 'approve', rows: chosen })}
          >
            Archive selected{chosen.length > 0 ? ` (${chosen.length})` : ''}
          </Button>
        </Group>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <Checkbox
                    aria-label="Select every suggestion"
                    checked={allOn}
                    indeterminate={chosen.length > 0 && !allOn}
                    onChange={(e) => setSelected(e.currentTarget.checked ? open.map((r) => r.invitationId) : [])}
                    disabled={open.length === 0}
                  />
                </Table.Th>
                <Table.Th>Candidate</Table.Th>
                <Table.Th>Assessment</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th>Archive reason</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Decide</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const name = r.candidate.name || r.candidate.opportunityId;
                return (
                  <Table.Tr key={r.invitationId}>
                    <Table.Td>
                      {r.state === 'suggested' && (
                        <Checkbox
                          aria-label={`Select ${name}`}
                          checked={selected.includes(r.invitationId)}
                          onChange={(e) => toggle(r.invitationId, e.currentTarget.checked)}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>{r.assessmentTitle}</Table.Td>
                    <Table.Td>{r.score != null ? `${Math.round(r.score * 10) / 10}%` : '—'}</Table.Td>
                    <Table.Td>{r.reasonText}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        {stateOf(r)}
                        {r.note && (
                          <Text size="xs" c="dimmed">
                            {r.note}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        {r.state === 'suggested' && (
                          <Button size="xs" variant="light" aria-label={`Archive ${name}`} onClick={() => setAsking({ kind: 'approve', rows: [r] })}>
                            Archive
                          </Button>
                        )}
                        {r.state !== 'approved' && (
                          <Button size="xs" variant="default" aria-label={`Dismiss ${name}`} onClick={() => setAsking({ kind: 'dismiss', rows: [r] })}>
                            Dismiss
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      <Modal
        opened={asking != null}
        onClose={() => setAsking(null)}
        title={asking?.kind === 'approve' ? 'Archive in Lever?' : 'Dismiss the suggestion?'}
      >
        {asking && (
          <Stack gap="sm">
            <Text size="sm">{decisionText(asking)}</Text>
            <StepError error={(asking.kind === 'approve' ? approve : dismiss).error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button color={asking.kind === 'approve' ? 'red' : undefined} loading={pending} onClick={confirm}>
                {asking.kind === 'approve' ? `Archive ${plural(asking.rows.length, 'candidate')}` : 'Dismiss'}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
