import { Badge } from '@mantine/core';
import { leverLifeLabel } from '../../api/lifecycle';
import type { Invitation } from '../../api/types';

const HINT = {
  archived: 'The candidate was archived in Lever.',
  cancelled: 'The candidate was archived in Lever, so their Qualified invitation was cancelled (Settings can turn this off).',
  unarchived: 'The candidate was taken out of the archive in Lever. Nothing was done automatically.',
  hired: 'The candidate was hired in Lever.',
};

// The candidate's life in Lever after the invitation, beside the status: archived (and whether the
// invitation was cancelled for it), unarchived, hired. Nothing when Lever reported none of these.
export function LeverLife({ invitation }: { invitation: Invitation }) {
  const lever = invitation.lever;
  const label = leverLifeLabel(lever);
  if (!lever || !label) return null;
  const hint = [
    lever.state === 'archived' && (lever.cancelled ? HINT.cancelled : HINT.archived),
    lever.state === 'unarchived' && HINT.unarchived,
    lever.hiredAt && HINT.hired,
  ]
    .filter(Boolean)
    .join(' ');
  const color = lever.hiredAt ? 'teal' : lever.state === 'archived' ? 'gray' : 'blue';
  return (
    <Badge
      component="span"
      variant="outline"
      color={color}
      radius="sm"
      tt="none"
      size="sm"
      title={hint}
      data-testid="lever-life"
      // Wraps within the status cell rather than over the score beside it.
      style={{ whiteSpace: 'normal', height: 'auto', maxWidth: '100%' }}
    >
      {label}
    </Badge>
  );
}
