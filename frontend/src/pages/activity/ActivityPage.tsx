import { Button, Group, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { IconActivity, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { useActivity } from '../../api/queries';
import { useInvalidateTopics } from '../../api/topics';
import type { ActivityEntry } from '../../api/types';
import { ListTable, type ListColumn } from '../../components/ListTable';
import { OutcomeBadge, SourceBadge } from '../../components/OutcomeBadge';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { TimeAgo } from '../../components/TimeAgo';

function RetryButton({ entry }: { entry: ActivityEntry }) {
  const invalidate = useInvalidateTopics();
  const retry = useMutation({
    mutationFn: () => api.retryActivity(entry.id),
    onSuccess: () => {
      notifications.show({ color: 'teal', title: 'Trying again', message: entry.message || entry.event });
      void invalidate('activity', 'invitations');
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not retry', message: errorMessage(error) }),
  });
  return (
    <Button
      size="compact-xs"
      variant="light"
      color="red"
      leftSection={<IconRefresh size={12} />}
      loading={retry.isPending}
      onClick={() => retry.mutate()}
      data-testid="activity-retry"
    >
      Retry
    </Button>
  );
}

function Row({ entry }: { entry: ActivityEntry }) {
  return (
    <Table.Tr data-testid="activity-row" data-outcome={entry.outcome}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <TimeAgo at={entry.at} />
      </Table.Td>
      <Table.Td>
        <SourceBadge source={entry.source} />
      </Table.Td>
      <Table.Td>
        <Tooltip label={entry.kind === 'webhook' ? 'Received from outside' : 'Done by assessbridge'} withArrow>
          <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
            {entry.event}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <OutcomeBadge outcome={entry.outcome} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {entry.message}
        </Text>
      </Table.Td>
      <Table.Td>{entry.retryable && <RetryButton entry={entry} />}</Table.Td>
    </Table.Tr>
  );
}

const COLUMNS: ListColumn[] = [
  { label: 'When', width: 130 },
  { label: 'Source', width: 120 },
  { label: 'Event', width: 180 },
  { label: 'Outcome', width: 100 },
  { label: 'What happened' },
  { label: 'Try again', hidden: true, width: 90 },
];

/** Every webhook received and action taken, newest first. */
export function ActivityPage() {
  const [failuresOnly, setFailuresOnly] = useState(false);
  const activity = useActivity(failuresOnly);
  const entries = activity.data?.pages.flat() ?? [];

  let body;
  if (activity.isPending) body = <Loading label="Loading activity…" />;
  else if (activity.isError && entries.length === 0)
    body = <ErrorState error={activity.error} onRetry={() => activity.refetch()} title="Could not load activity" />;
  else if (entries.length === 0)
    body = (
      <EmptyState title={failuresOnly ? 'No failures' : 'Nothing has happened yet'} icon={<IconActivity size={24} />}>
        {failuresOnly
          ? 'Everything assessbridge tried has worked.'
          : 'Webhooks from Lever and Qualified, and everything assessbridge does about them, are listed here.'}
      </EmptyState>
    );
  else
    body = (
      <Stack gap="sm">
        <ListTable columns={COLUMNS} minWidth={800}>
          {entries.map((entry) => (
            <Row key={entry.id} entry={entry} />
          ))}
        </ListTable>
        {activity.isError && <ErrorState error={activity.error} title="Could not load older activity" />}
        <Group justify="center">
          {activity.hasNextPage ? (
            <Button
              variant="default"
              onClick={() => activity.fetchNextPage()}
              loading={activity.isFetchingNextPage}
              data-testid="activity-load-older"
            >
              Load older
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              That is everything.
            </Text>
          )}
        </Group>
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="Activity"
        description="Every webhook from Lever and Qualified and every action assessbridge took, with the reason when something did not work."
        actions={
          <Switch
            label="Failures only"
            checked={failuresOnly}
            onChange={(e) => setFailuresOnly(e.currentTarget.checked)}
            data-testid="activity-failures-only"
          />
        }
      />
      {body}
    </>
  );
}
