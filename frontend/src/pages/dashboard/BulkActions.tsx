import { Button, Group, List, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { deadlineKeys, type InvitationAction, type InvitationDeadline, useInvitationAction } from '../../api/deadlines';
import { useInvalidateTopics } from '../../api/topics';
import type { Invitation } from '../../api/types';
import { allowedActions, ConfirmAction } from './InvitationActions';

/** The names a confirmation lists before it says "and N more". */
const NAMES_SHOWN = 10;

const BUTTONS: Record<InvitationAction, string> = {
  resend: 'Resend invitation',
  cancel: 'Cancel invitation',
  retry: 'Invite again',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The title of the confirmation of an action on n candidates. */
export function bulkTitle(action: InvitationAction, n: number): string {
  const who = plural(n, 'candidate', 'candidates');
  switch (action) {
    case 'resend':
      return `Resend the invitation e-mail to ${who}`;
    case 'cancel':
      return `Cancel the invitations of ${who}`;
    case 'retry':
      return `Invite ${who} again`;
  }
}

/** What an action does to each of the chosen candidates, said before it is done. */
export function bulkEffect(action: InvitationAction, days: number): string {
  switch (action) {
    case 'resend':
      return 'Qualified e-mails each of them their invitation once more. One click sends each candidate one e-mail, never two.';
    case 'cancel':
      return "Cancels each invitation in Qualified: the link stops working and an attempt under way is closed. The status tag is removed in Lever.";
    case 'retry':
      return `Gives each of them a second go (a new attempt in Qualified) and e-mails them once${
        days > 0 ? `, due in ${days} days` : ''
      }. Their tags go back to "Invited".`;
  }
}

/**
 * The bar over the table while candidates are chosen: one action for all of them, confirmed first,
 * sent as one request. A chosen candidate the action does not fit is left out and named.
 */
export function BulkActions({ chosen, onDone }: { chosen: Invitation[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTopics();
  const act = useInvitationAction();
  const [dialog, setDialog] = useState<InvitationAction | null>(null);
  const [days, setDays] = useState(7);
  if (chosen.length === 0) return null;
  const can = (inv: Invitation) => {
    const mark = queryClient.getQueryData<InvitationDeadline | null>([...deadlineKeys.invitation(inv.id), inv.status]);
    return allowedActions(inv.status, !!mark?.cameBackAt, !!mark?.expiresAt);
  };
  const fits = (action: InvitationAction) => chosen.filter((inv) => can(inv)[action]);
  const allRetry = chosen.every((inv) => can(inv).retry);
  const name = (inv: Invitation) => `${inv.candidate.name || inv.candidate.email} (${inv.assessmentTitle})`;

  const confirm = (action: InvitationAction) => {
    const ids = fits(action).map((inv) => inv.id);
    act.mutate(
      { action, ids, days: action === 'retry' ? days : 0 },
      {
        onSuccess: (r) => {
          const skipped = r.skipped.map((s) => {
            const inv = chosen.find((c) => c.id === s.id);
            return `${inv ? name(inv) : `#${s.id}`}: ${s.reason}`;
          });
          notifications.show({
            color: skipped.length ? 'yellow' : 'teal',
            title: `${BUTTONS[action]}: ${plural(r.queued.length, 'candidate', 'candidates')} on the way`,
            message: skipped.length ? `Not done for ${skipped.join('; ')}` : 'The activity log shows each one as it is done.',
          });
          setDialog(null);
          void invalidate('invitations', 'activity');
          onDone();
        },
      },
    );
  };

  const fitting = dialog ? fits(dialog) : [];
  const left = dialog ? chosen.filter((inv) => !can(inv)[dialog]) : [];
  return (
    <Paper withBorder p="xs" mb="xs" role="region" aria-label="Chosen candidates">
      <Group justify="space-between">
        <Text size="sm">{plural(chosen.length, 'candidate', 'candidates')} chosen</Text>
        <Group gap="xs">
          <Button size="xs" variant="light" disabled={fits('resend').length === 0} onClick={() => setDialog('resend')}>
            {BUTTONS.resend}
          </Button>
          {allRetry && (
            <Button size="xs" variant="light" onClick={() => setDialog('retry')}>
              {BUTTONS.retry}
            </Button>
          )}
          <Button size="xs" variant="light" color="red" disabled={fits('cancel').length === 0} onClick={() => setDialog('cancel')}>
            {BUTTONS.cancel}
          </Button>
          <Button size="xs" variant="subtle" onClick={onDone}>
            Clear
          </Button>
        </Group>
      </Group>
      {dialog && (
        <Modal opened onClose={() => setDialog(null)} title={bulkTitle(dialog, fitting.length)}>
          <Stack>
            <List size="sm">
              {fitting.slice(0, NAMES_SHOWN).map((inv) => (
                <List.Item key={inv.id}>{name(inv)}</List.Item>
              ))}
            </List>
            {fitting.length > NAMES_SHOWN && <Text size="sm">and {fitting.length - NAMES_SHOWN} more.</Text>}
            <Text size="sm">{bulkEffect(dialog, dialog === 'retry' ? days : 0)}</Text>
            {left.length > 0 && (
              <Text size="sm" c="dimmed">
                Left out, as this does not fit their invitation now: {left.map(name).join(', ')}.
              </Text>
            )}
            <ConfirmAction
              action={dialog}
              days={days}
              setDays={setDays}
              error={act.error}
              pending={act.isPending}
              label={bulkTitle(dialog, fitting.length)}
              onConfirm={() => confirm(dialog)}
              onClose={() => setDialog(null)}
            />
          </Stack>
        </Modal>
      )}
    </Paper>
  );
}
