import { startTransition, useEffect, useState } from 'react';
import { Anchor, Button, Group, List, Modal, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconExternalLink, IconSend } from '@tabler/icons-react';
import { useInvitationAction } from '../../api/deadlines';
import type { InsightsStalling } from '../../api/insights';
import { useInvalidateTopics } from '../../api/topics';
import { useInSteps } from '../../lib/useInSteps';
import { hrefFor } from '../../router';
import { ConfirmAction } from '../dashboard/InvitationActions';
import { downloadCsv, toCsv, type Figures } from './csv';
import { counted } from './format';
import classes from './Insights.module.css';

/** The names a confirmation lists before it says "and N more". */
const NAMES_SHOWN = 10;
/** Rows put on screen per frame: up to 200 candidates in one go held a frame still. */
const ROWS_PER_STEP = 20;
const idOf = (c: InsightsStalling['candidates'][number]) => c.invitationId;
const NONE: InsightsStalling['candidates'] = [];

export function stallingFigures(s: InsightsStalling): Figures {
  return {
    columns: ['Name', 'E-mail', 'Assessment', 'Posting', 'Invited', 'Days waiting'],
    rows: s.candidates.map((c) => [c.name, c.email, c.assessmentTitle, c.postingTitle, c.invitedAt, c.daysWaiting]),
  };
}

/** The candidate on the candidates' screen, found by e-mail. */
export const dashboardLink = (email: string) => `${hrefFor('dashboard')}?q=${encodeURIComponent(email)}`;

/**
 * Candidates invited more than N days ago who have not started, oldest first, with one click to
 * e-mail them their invitation again (confirmed first, sent as one request).
 */
export function StallingCard({ stalling, days, onDays }: {
  stalling: InsightsStalling;
  days: number;
  onDays: (days: number) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const act = useInvitationAction();
  const invalidate = useInvalidateTopics();
  const list = stalling.candidates;
  // The rows follow the card, a step at a time from the first: drawn with it, the whole list
  // (hundreds of rows on the UI bench's history) made one task of 80–90 ms of CPU.
  const [started, setStarted] = useState(false);
  useEffect(() => startTransition(() => setStarted(true)), []);
  const rows = useInSteps(started ? list : NONE, idOf, ROWS_PER_STEP);
  const ids = list.map((c) => c.invitationId);
  const who = (c: InsightsStalling['candidates'][number]) => `${c.name || c.email} (${c.assessmentTitle})`;
  const title = `Resend to these ${counted(ids.length, 'candidate', 'candidates')}`;

  const resend = () =>
    act.mutate(
      { action: 'resend', ids, days: 0 },
      {
        onSuccess: (r) => {
          const skipped = r.skipped.map((s) => {
            const c = list.find((x) => x.invitationId === s.id);
            return `${c ? who(c) : `#${s.id}`}: ${s.reason}`;
          });
          notifications.show({
            color: skipped.length ? 'yellow' : 'teal',
            title: `Invitation e-mail: ${counted(r.queued.length, 'candidate', 'candidates')} on the way`,
            message: skipped.length ? `Not sent to ${skipped.join('; ')}` : 'The activity log shows each one as it is sent.',
          });
          setConfirming(false);
          void invalidate('invitations', 'activity');
        },
      },
    );

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="stalling-title" data-testid="insights-stalling">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h4" id="stalling-title">
              Not started yet
            </Title>
            <Text size="sm" className={classes.muted}>
              Invited in this period more than {counted(stalling.days, 'day', 'days')} ago and not started:{' '}
              <b data-testid="stalling-total">{counted(stalling.total, 'candidate', 'candidates')}</b>
              {stalling.total > list.length ? `, the ${list.length} waiting longest listed` : ''}.
            </Text>
          </Stack>
          <Group gap="xs" align="flex-end">
            <NumberInput
              label="Waiting more than (days)"
              min={1}
              max={365}
              w={200}
              size="xs"
              value={days}
              onChange={(v) => {
                const n = Number(v);
                if (Number.isInteger(n) && n >= 1 && n <= 365) onDays(n);
              }}
              data-testid="stalling-days"
            />
            <Button
              size="xs"
              variant="light"
              leftSection={<IconDownload size={14} />}
              aria-label="CSV: Not started yet"
              disabled={list.length === 0}
              onClick={() => downloadCsv(`not-started-${stalling.period.from}-${stalling.period.to}.csv`, toCsv(stallingFigures(stalling)))}
            >
              CSV
            </Button>
            <Button size="xs" color="indigo.8" leftSection={<IconSend size={14} />} disabled={list.length === 0} onClick={() => setConfirming(true)}>
              {title}
            </Button>
          </Group>
        </Group>
        {list.length === 0 ? (
          <Text size="sm" className={classes.muted} py="md" ta="center">
            Everyone invited more than {counted(stalling.days, 'day', 'days')} ago has started.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560} mah={360}>
            <Table striped fz="sm" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Candidate</Table.Th>
                  <Table.Th scope="col">Assessment</Table.Th>
                  <Table.Th scope="col">Posting</Table.Th>
                  <Table.Th scope="col">Waiting</Table.Th>
                  <Table.Th scope="col">Open</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.invitationId} data-testid="stalling-row">
                    <Table.Th scope="row" fw={500}>
                      {c.name || c.email}
                      {c.name && (
                        <Text size="xs" className={classes.muted}>
                          {c.email}
                        </Text>
                      )}
                    </Table.Th>
                    <Table.Td>{c.assessmentTitle}</Table.Td>
                    <Table.Td>{c.postingTitle || '–'}</Table.Td>
                    <Table.Td>{counted(c.daysWaiting, 'day', 'days')}</Table.Td>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <Anchor size="sm" className={classes.link} href={dashboardLink(c.email)} aria-label={`${c.name || c.email} among the candidates`}>
                          Candidates
                        </Anchor>
                        {c.profileUrl && (
                          <Anchor
                            size="sm"
                            className={classes.link}
                            href={c.profileUrl}
                            target="_blank"
                            rel="noreferrer"
                            aria-label={`${c.name || c.email} in Lever`}
                          >
                            <Group gap={2} wrap="nowrap" component="span">
                              Lever <IconExternalLink size={12} aria-hidden />
                            </Group>
                          </Anchor>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {confirming && (
        <Modal opened onClose={() => setConfirming(false)} title={`Resend the invitation e-mail to ${counted(ids.length, 'candidate', 'candidates')}`}>
          <Stack>
            <List size="sm">
              {list.slice(0, NAMES_SHOWN).map((c) => (
                <List.Item key={c.invitationId}>{who(c)}</List.Item>
              ))}
            </List>
            {list.length > NAMES_SHOWN && <Text size="sm">and {list.length - NAMES_SHOWN} more.</Text>}
            <Text size="sm">
              Qualified e-mails each of them their invitation once more. One click sends each candidate one e-mail, never two.
            </Text>
            <ConfirmAction
              action="resend"
              days={0}
              setDays={() => {}}
              error={act.error}
              pending={act.isPending}
              label={title}
              onConfirm={resend}
              onClose={() => setConfirming(false)}
            />
          </Stack>
        </Modal>
      )}
    </Paper>
  );
}
