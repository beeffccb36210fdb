import { Text } from '@mantine/core';
import { formatAbsolute, formatRelative } from '../lib/format';
import { useNow } from '../lib/useNow';
import { LazyTooltip } from './LazyTooltip';

/** A relative time ("5 min ago") with the exact time on hover. */
export function TimeAgo({ at, size = 'sm' }: { at: string | null | undefined; size?: string }) {
  const now = useNow();
  if (!at) {
    return (
      <Text size={size} c="dimmed">
        —
      </Text>
    );
  }
  return (
    <LazyTooltip label={formatAbsolute(at)} withArrow openDelay={200}>
      <Text size={size} component="time" dateTime={at} style={{ whiteSpace: 'nowrap' }}>
        {formatRelative(at, now)}
      </Text>
    </LazyTooltip>
  );
}
