import { Badge } from '@mantine/core';
import type { InvitationStatus } from '../api/types';
import { LazyTooltip } from './LazyTooltip';
import { ToggleTip } from './ToggleTip';

/** Label and colour of each invitation status; each status has its own colour. */
export const STATUS_LOOK: Record<InvitationStatus, { label: string; color: string; hint: string }> = {
  pending: { label: 'Pending', color: 'gray', hint: 'Waiting to be invited' },
  invited: { label: 'Invited', color: 'blue', hint: 'Invitation e-mail sent' },
  started: { label: 'Started', color: 'yellow', hint: 'The candidate has started the assessment' },
  expired: { label: 'Expired', color: 'orange', hint: 'The deadline passed without a submission' },
  submitted: { label: 'Submitted', color: 'teal', hint: 'Submitted; results are in Lever' },
  closed: { label: 'Closed', color: 'violet', hint: 'Closed without a submission' },
  failed: { label: 'Failed', color: 'red', hint: 'Something went wrong; see the reason' },
};

interface StatusChipProps {
  status: InvitationStatus | string;
  /**
   * Why the invitation stands where it is, e.g. the reason it failed: it replaces the status' own
   * hint, and is reachable by keyboard and screen reader (the chip becomes a button).
   */
  reason?: string;
}

export function StatusChip({ status, reason }: StatusChipProps) {
  const look = STATUS_LOOK[status as InvitationStatus] ?? { label: status, color: 'gray', hint: '' };
  const chip = (
    <Badge
      component="span"
      color={look.color}
      variant="light"
      radius="sm"
      tt="none"
      size="md"
      data-testid="status-chip"
      data-status={status}
      style={{ cursor: reason || look.hint ? 'help' : undefined }}
    >
      {look.label}
    </Badge>
  );
  if (reason) return <ToggleTip tip={reason}>{chip}</ToggleTip>;
  // The status' own hint only says in words what the chip says: on hover, as a convenience.
  if (!look.hint) return chip;
  return (
    <LazyTooltip label={look.hint} multiline maw={320} withArrow>
      {chip}
    </LazyTooltip>
  );
}
