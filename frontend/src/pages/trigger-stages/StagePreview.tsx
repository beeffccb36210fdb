import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconInfoCircle, IconMailForward, IconUsers } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import {
  assessmentsOf,
  previewApi,
  previewKey,
  reasonLabel,
  useStagePreview,
  type StageCandidate,
  type StagePreview as Preview,
} from '../../api/preview';
import { useInvalidateTopics } from '../../api/topics';
import type { Stage } from '../../api/types';
import { QueryFallback } from '../../components/States';

const number = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

/** "N candidates already in this stage carry an assessment tag", or the check before turning it on. */
function Headline({ preview }: { preview: Preview }) {
  if (preview.inStage === 0)
    return <Text>Nobody is in this stage now (archived candidates are not counted).</Text>;
  if (!preview.trigger)
    return (
      <Text>
        Turning this stage on invites only candidates who enter it from then on: the{' '}
        {plural(preview.inStage, 'candidate')} in it now would be skipped.{' '}
        <b>{plural(preview.invitable, 'of them carries', 'of them carry')} an assessment tag</b>
        {preview.invitable > 0 ? ': save the stage as a trigger, then you can invite them here.' : '.'}
      </Text>
    );
  return (
    <Text>
      <b>
        {plural(preview.invitable, 'candidate')} already in this stage{' '}
        {preview.invitable === 1 ? 'carries' : 'carry'} an assessment tag
      </b>{' '}
      and {preview.invitable === 1 ? 'is' : 'are'} not invited: the usual rule invites only candidates who newly enter it.
    </Text>
  );
}

function Shown({ preview }: { preview: Preview }) {
  const listed = preview.candidates.length;
  if (listed >= preview.inStage && !preview.more) return null;
  const of = preview.more ? `more than ${number(preview.inStage)}` : number(preview.inStage);
  return (
    <Text size="sm" c="dimmed" data-testid="preview-shown">
      Showing the first {number(listed)} of {of}. Invite these, then check again for the next ones.
    </Text>
  );
}

function CandidateTable({ candidates }: { candidates: StageCandidate[] }) {
  return (
    // The list scrolls inside the dialog: the keyboard scrolls it too, once it is focused.
    <ScrollArea.Autosize mah={360} viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Candidates already in the stage, scrolling' }}>
      <Table striped verticalSpacing={6} aria-label="Candidates already in the stage">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Candidate</Table.Th>
            <Table.Th>Job</Table.Th>
            <Table.Th>Assessment</Table.Th>
            <Table.Th>Invited by “Invite these”?</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {candidates.map((c) => (
            <Table.Tr key={c.opportunityId} data-testid="preview-row" data-reason={c.reason}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{c.posting || '—'}</Table.Td>
              <Table.Td>{c.assessments.length ? c.assessments.join(', ') : '—'}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Badge color={c.invites ? 'teal' : 'gray'} variant="light">
                    {c.invites ? 'Yes' : 'No'} · {reasonLabel(c.reason)}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {c.why}
                  </Text>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** Says what "Invite these N" will do, then does it on a second click. */
function Confirm({ stage, invite, onBack, onDone }: { stage: Stage; invite: StageCandidate[]; onBack: () => void; onDone: () => void }) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTopics();
  const send = useMutation({
    mutationFn: () => previewApi.inviteExisting({ stageId: stage.id, opportunityIds: invite.map((c) => c.opportunityId) }),
    onSuccess: (done) => {
      void invalidate('invitations', 'activity');
      void queryClient.invalidateQueries({ queryKey: previewKey(stage.id), refetchType: 'none' });
      notifications.show({
        color: 'teal',
        message: `Inviting ${plural(done.queued, 'candidate')} already in ${stage.text}: follow them on the Dashboard and in the activity log.`,
      });
      onDone();
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not invite', message: errorMessage(error) }),
  });
  return (
    <Stack gap="sm">
      <Alert color="indigo" variant="light" icon={<IconMailForward size={18} />} title={`Invite ${plural(invite.length, 'candidate')}?`}>
        <Stack gap={6}>
          <Text size="sm">
            Qualified e-mails each of them an invitation now, to:{' '}
            {assessmentsOf(invite)
              .map((a) => `${a.title} (${number(a.count)})`)
              .join(', ')}
            . Their tags move to “… - Invited”, as for any invitation.
          </Text>
          <Text size="sm">
            Each is checked again first: anyone archived, without an e-mail address, no longer in {stage.text} or invited
            meanwhile is left out. Nobody is e-mailed twice, even if you click again.
          </Text>
        </Stack>
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack} disabled={send.isPending}>
          Back
        </Button>
        <Button onClick={() => send.mutate()} loading={send.isPending} data-testid="confirm-invite-existing">
          Send {plural(invite.length, 'invitation')}
        </Button>
      </Group>
    </Stack>
  );
}

function PreviewBody({ stage, onClose }: { stage: Stage; onClose: () => void }) {
  const preview = useStagePreview(stage.id, true);
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState(0);
  if (!preview.data)
    return <QueryFallback query={preview} loading="Reading the stage's candidates from Lever…" errorTitle="Could not read this stage" />;
  const p = preview.data;
  const invite = p.candidates.filter((c) => c.invites);
  if (confirming)
    return (
      <Confirm
        stage={stage}
        invite={invite}
        onBack={() => setConfirming(false)}
        onDone={() => {
          setConfirming(false);
          setSent(invite.length);
        }}
      />
    );
  return (
    <Stack gap="sm">
      <Headline preview={p} />
      {p.counts.length > 0 && (
        <Group gap={6} aria-label="By reason">
          {p.counts.map((c) => (
            <Badge key={c.reason} variant="outline" color="gray">
              {reasonLabel(c.reason)}: {number(c.count)}
            </Badge>
          ))}
        </Group>
      )}
      <Shown preview={p} />
      {sent > 0 && (
        <Alert color="teal" variant="light" icon={<IconInfoCircle size={18} />}>
          {plural(sent, 'invitation')} on {sent === 1 ? 'its' : 'their'} way. “Check again” reads the stage anew.
        </Alert>
      )}
      {p.candidates.length > 0 && <CandidateTable candidates={p.candidates} />}
      <Text size="xs" c="dimmed">
        Archived candidates are not read. The same rule decides here as for a candidate entering the stage; the only
        difference is that being there before the stage became a trigger does not count.
      </Text>
      <Group justify="space-between">
        <Button variant="subtle" onClick={() => void preview.refetch()} loading={preview.isFetching}>
          Check again
        </Button>
        <Group gap="xs">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          {p.trigger && invite.length > 0 && (
            <Button onClick={() => setConfirming(true)} data-testid="invite-existing">
              Invite these {number(invite.length)}
            </Button>
          )}
        </Group>
      </Group>
    </Stack>
  );
}

/** Who is in this stage already, who would be invited now and why not the others. */
export function StagePreview({ stage }: { stage: Stage }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        leftSection={<IconUsers size={14} />}
        onClick={() => setOpen(true)}
        aria-label={`Already in this stage: ${stage.text}`}
      >
        Already in this stage
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} size="xl" title={`Already in ${stage.text}`}>
        {open && <PreviewBody stage={stage} onClose={() => setOpen(false)} />}
      </Modal>
    </>
  );
}
