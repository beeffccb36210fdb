import { Badge, Box, Tooltip } from '@mantine/core';

/** Whether the screen is receiving live updates from assessbridge. */
export function LiveIndicator({ connected }: { connected: boolean }) {
  return (
    <Tooltip
      label={connected ? 'Updates appear as they happen' : 'Reconnecting… the screen may be out of date'}
      withArrow
    >
      <Badge
        variant="light"
        color={connected ? 'teal' : 'gray'}
        radius="sm"
        data-testid="live-indicator"
        data-connected={connected ? 'true' : 'false'}
        leftSection={
          <Box
            w={8}
            h={8}
            style={{
              borderRadius: '50%',
              background: connected ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-5)',
            }}
          />
        }
      >
        {connected ? 'Live' : 'Offline'}
      </Badge>
    </Tooltip>
  );
}
