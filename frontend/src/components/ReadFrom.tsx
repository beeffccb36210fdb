import { Button, Group, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { errorMessage } from '../api/client';
import { TimeAgo } from './TimeAgo';

/** What ReadFrom needs of a query that reads Lever or Qualified live. */
export interface LiveRead {
  /** When the answer shown was read, in ms since the epoch; 0 before the first answer. */
  dataUpdatedAt: number;
  isFetching: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * "Read from Lever 3 min ago", and a Refresh button that reads just this answer again. Such an
 * answer is kept a while (LIVE_READ_STALE_MS) instead of being read on every visit and update,
 * so the page says how old it is. A failed refresh keeps the answer and says why.
 */
export function ReadFrom({ source, read }: { source: 'Lever' | 'Qualified'; read: LiveRead }) {
  if (!read.dataUpdatedAt) return null;
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="xs" c="dimmed">
        Read from {source} <TimeAgo at={new Date(read.dataUpdatedAt).toISOString()} size="xs" />
      </Text>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconRefresh size={12} />}
        loading={read.isFetching}
        onClick={() => void read.refetch()}
      >
        Refresh
      </Button>
      {read.isError && !read.isFetching && (
        <Text size="xs" c="red" role="alert">
          {errorMessage(read.error)}
        </Text>
      )}
    </Group>
  );
}
