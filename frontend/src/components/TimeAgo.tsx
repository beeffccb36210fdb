import { formatAbsolute, formatRelative } from '../lib/format';
import { useNow } from '../lib/useNow';
import { LazyTooltip } from './LazyTooltip';
import classes from './TimeAgo.module.css';

/** A relative time ("5 min ago") with the exact time on hover; a dash when there is none. */
export function TimeAgo({ at, size = 'sm' }: { at: string | null | undefined; size?: 'sm' | 'xs' }) {
  const now = useNow();
  if (!at) {
    return (
      <span className={`${classes.time} ${classes.none}`} data-size={size}>
        —
      </span>
    );
  }
  return (
    <LazyTooltip label={formatAbsolute(at)} withArrow openDelay={200}>
      <time className={classes.time} data-size={size} dateTime={at}>
        {formatRelative(at, now)}
      </time>
    </LazyTooltip>
  );
}
