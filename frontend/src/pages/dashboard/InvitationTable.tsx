import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { ActionIcon, Checkbox, Table, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { IconExternalLink, IconFileAnalytics, IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { useInvalidateTopics } from '../../api/topics';
import type { Invitation } from '../../api/types';
import { PassBadge } from '../../components/PassBadge';
import { StatusChip } from '../../components/StatusChip';
import { LeverLife } from './LeverLife';
import { TimeAgo } from '../../components/TimeAgo';
import { ToggleTip } from '../../components/ToggleTip';
import { formatDuration, formatScore } from '../../lib/format';
import { useInSteps } from '../../lib/useInSteps';
import { BulkActions } from './BulkActions';
import { InvitationActions } from './InvitationActions';
import { RoutedLine } from './RoutedLine';
import classes from './InvitationTable.module.css';

function RetryButton({ invitation }: { invitation: Invitation }) {
  const invalidate = useInvalidateTopics();
  const retry = useMutation({
    mutationFn: () => api.retryInvitation(invitation.id),
    onSuccess: () => {
      notifications.show({
        color: 'teal',
        title: 'Trying again',
        message: `${invitation.candidate.name} — ${invitation.assessmentTitle}`,
      });
      void invalidate('invitations', 'activity');
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not retry', message: errorMessage(error) }),
  });
  return (
    <Tooltip label="Try this invitation again" withArrow>
      <ActionIcon
        variant="subtle"
        color="red"
        size="sm"
        loading={retry.isPending}
        onClick={() => retry.mutate()}
        aria-label={`Retry invitation of ${invitation.candidate.name}`}
        data-testid="invitation-retry"
      >
        <IconRefresh size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

function ScoreCell({ invitation }: { invitation: Invitation }) {
  if (invitation.score === null || invitation.score === undefined) {
    return <span className={classes.none}>—</span>;
  }
  const spent = invitation.timeSpentSeconds ? `Time spent: ${formatDuration(invitation.timeSpentSeconds)}` : '';
  const challenges = (invitation.challenges ?? [])
    .map((c) => `${c.title}${c.language ? ` (${c.language})` : ''}: ${formatScore(c.score)}`)
    .join('\n');
  const details = [spent, challenges].filter(Boolean).join('\n');
  const content = (
    <span className={classes.inline}>
      <span className={classes.score} data-testid="invitation-score">
        {formatScore(invitation.score)}
      </span>
      <PassBadge passed={invitation.passed} />
    </span>
  );
  return details ? <ToggleTip tip={details}>{content}</ToggleTip> : content;
}

// A row renders again only when its invitation changed: after a live update the query cache keeps
// the unchanged invitations as they were, so only the rows that moved on are redrawn. Its cells are
// plain elements styled by InvitationTable.module.css, not Mantine components: fifty rows of
// thirty components each took most of the time to show a new page.
const Row = memo(function Row({
  invitation,
  chosen,
  onChoose,
}: {
  invitation: Invitation;
  chosen: boolean;
  onChoose: (id: number, on: boolean) => void;
}) {
  const { candidate } = invitation;
  return (
    <tr
      role="row"
      className={classes.row}
      data-testid="invitation-row"
      data-status={invitation.status}
      data-invitation-id={invitation.id}
    >
      <td role="cell">
        <input
          type="checkbox"
          className={classes.choose}
          checked={chosen}
          onChange={(e) => onChoose(invitation.id, e.currentTarget.checked)}
          aria-label={`Choose ${candidate.name || candidate.email} (${invitation.assessmentTitle})`}
        />
      </td>
      <td role="cell">
        <div className={classes.name} data-testid="invitation-name">
          {candidate.name || 'Unnamed candidate'}
        </div>
        <div className={classes.detail} title={candidate.email}>
          {candidate.email}
        </div>
      </td>
      <td role="cell">
        <div>{invitation.assessmentTitle}</div>
        <div className={classes.detail} title={candidate.postingTitle} data-testid="invitation-posting">
          {candidate.postingTitle || 'No posting'}
        </div>
      </td>
      <td role="cell">
        <div className={`${classes.inline} ${classes.tight} ${classes.status}`}>
          <StatusChip status={invitation.status} reason={invitation.error || undefined} />
          {invitation.status === 'failed' && <RetryButton invitation={invitation} />}
          <LeverLife invitation={invitation} />
          <InvitationActions invitation={invitation} />
        </div>
      </td>
      <td role="cell">
        <ScoreCell invitation={invitation} />
        <RoutedLine routing={invitation.routing} />
      </td>
      <td role="cell">
        <TimeAgo at={invitation.invitedAt} />
      </td>
      <td role="cell">
        <TimeAgo at={invitation.startedAt} />
      </td>
      <td role="cell">
        <TimeAgo at={invitation.submittedAt} />
      </td>
      <td role="cell">
        {candidate.profileUrl && (
          <a href={candidate.profileUrl} target="_blank" rel="noreferrer" className={classes.link} data-testid="open-in-lever">
            <IconExternalLink size={14} />
            Open in Lever
          </a>
        )}
        {invitation.reportUrl && (
          <a href={invitation.reportUrl} target="_blank" rel="noreferrer" className={classes.link} data-testid="report-link">
            <IconFileAnalytics size={14} />
            Report
          </a>
        )}
      </td>
    </tr>
  );
});

const NO_ROWS: Invitation[] = [];
/** About a screenful of rows: a new page shows these first, then as many more after each frame. */
const ROWS_PER_STEP = 12;
const idOf = (invitation: Invitation) => invitation.id;

/** The rows; drawn again only for another list of invitations. */
const Rows = memo(function Rows({
  invitations,
  chosen,
  onChoose,
}: {
  invitations: Invitation[];
  chosen: ReadonlySet<number>;
  onChoose: (id: number, on: boolean) => void;
}) {
  return invitations.map((invitation) => (
    <Row key={invitation.id} invitation={invitation} chosen={chosen.has(invitation.id)} onChoose={onChoose} />
  ));
});

/**
 * One page of candidates × assessments. New rows follow a moment later, drawn a few milliseconds at
 * a time between frames (a deferred value): fifty rows built in one go would hold the screen still
 * for a tenth of a second and more, while scrolling, typing and the filters must answer at once.
 * A new page is put on screen a screenful at a time, one per frame (useInSteps). The table renders
 * again only for another list of invitations, not when the page around it does.
 */
export const InvitationTable = memo(function InvitationTable({ invitations }: { invitations: Invitation[] }) {
  const shown = useInSteps(useDeferredValue(invitations, NO_ROWS), idOf, ROWS_PER_STEP);
  // The chosen candidates of this page; one that leaves the page is no longer chosen.
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const chosenRows = useMemo(() => invitations.filter((inv) => picked.has(inv.id)), [invitations, picked]);
  const chosen = useMemo(() => new Set(chosenRows.map(idOf)), [chosenRows]);
  const onChoose = useCallback(
    (id: number, on: boolean) =>
      setPicked((old) => {
        const next = new Set(old);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );
  const all = invitations.length > 0 && chosenRows.length === invitations.length;
  const clear = useCallback(() => setPicked(new Set()), []);
  return (
    <>
      <BulkActions chosen={chosenRows} onDone={clear} />
      <Table.ScrollContainer minWidth={1040}>
        <Table
          role="table"
          className={classes.table}
          verticalSpacing="xs"
          horizontalSpacing="xs"
          highlightOnHover
          striped="odd"
          data-testid="invitation-table"
        >
          <Table.Thead role="rowgroup">
            <Table.Tr role="row">
              <Table.Th role="columnheader">
                <Checkbox
                  size="xs"
                  aria-label="Choose every candidate on this page"
                  checked={all}
                  indeterminate={chosenRows.length > 0 && !all}
                  onChange={() => setPicked(all ? new Set() : new Set(invitations.map(idOf)))}
                />
              </Table.Th>
              <Table.Th role="columnheader">Candidate</Table.Th>
              <Table.Th role="columnheader">Assessment</Table.Th>
              <Table.Th role="columnheader">Status</Table.Th>
              <Table.Th role="columnheader">Score</Table.Th>
              <Table.Th role="columnheader">Invited</Table.Th>
              <Table.Th role="columnheader">Started</Table.Th>
              <Table.Th role="columnheader">Submitted</Table.Th>
              <Table.Th role="columnheader">Links</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody role="rowgroup">
            <Rows invitations={shown} chosen={chosen} onChoose={onChoose} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
});
