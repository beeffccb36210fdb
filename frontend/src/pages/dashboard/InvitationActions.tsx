import { Badge, Button, Group, Menu, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { type InvitationAction, useInvitationAction, useInvitationDeadline } from '../../api/deadlines';
import type { Invitation } from '../../api/types';
import { formatAbsolute } from '../../lib/format';

type Dialog = InvitationAction | 'deadline' | null;

/** What each action does, said before it is done. */
export function actionEffect(action: InvitationAction, who: string, title: string, days: number): string {
  switch (action) {
    case 'resend':
      return `Qualified e-mails ${who} the invitation to ${title} once more. One click sends one e-mail, never two.`;
    case 'cancel':
      return `Cancels ${who}'s invitation to ${title} in Qualified: the link stops working and an attempt under way is closed. The status tag is removed in Lever.`;
    case 'retry':
      return `Gives ${who} a second go at ${title} (a new attempt in Qualified) and e-mails them once${
        days > 0 ? `, due in ${days} days` : ''
      }. The tag goes back to "Invited".`;
  }
}

/** Which actions fit an invitation in this status; cameBack: it entered a trigger stage again. */
export function allowedActions(status: string, cameBack: boolean, hasDeadline: boolean) {
  return {
    resend: status === 'invited',
    cancel: ['pending', 'invited', 'started', 'expired'].includes(status),
    retry: ['expired', 'closed', 'submitted'].includes(status) || (cameBack && !['pending', 'failed'].includes(status)),
    deadline: ['invited', 'started'].includes(status) && hasDeadline,
  };
}

/** The foot of an action's confirmation: the new deadline of "Invite again", the error, Don't and Do. */
export function ConfirmAction(props: {
  action: InvitationAction;
  days: number;
  setDays: (days: number) => void;
  error: unknown;
  pending: boolean;
  label: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <>
      {props.action === 'retry' && (
        <NumberInput
          label="New deadline, in days"
          description="0: no deadline of its own (Qualified's usual week)"
          min={0}
          max={365}
          value={props.days}
          onChange={(v) => props.setDays(Number(v) || 0)}
        />
      )}
      {!!props.error && (
        <Text size="sm" c="red">
          {errorMessage(props.error)}
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onClose}>
          Don't
        </Button>
        <Button color={props.action === 'cancel' ? 'red' : undefined} loading={props.pending} onClick={props.onConfirm}>
          {props.label}
        </Button>
      </Group>
    </>
  );
}

const TITLES: Record<InvitationAction, string> = {
  resend: 'Resend the invitation e-mail',
  cancel: 'Cancel the invitation',
  retry: 'Invite again',
};

/** What the recruiter can do with one invitation: resend, extend, cancel, invite again. */
/** A reminder's day, as "12 Mar". */
export function formatDay(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export function InvitationActions({ invitation }: { invitation: Invitation }) {
  const deadline = useInvitationDeadline(invitation.id, invitation.status).data;
  const act = useInvitationAction();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [days, setDays] = useState(7);
  const [said, setSaid] = useState('');
  const status = invitation.status;
  const cameBack = !!deadline?.cameBackAt;
  const who = invitation.candidate.name || invitation.candidate.email;
  const title = invitation.assessmentTitle;
  const can = allowedActions(status, cameBack, !!deadline?.expiresAt);
  const confirm = (action: InvitationAction) =>
    act.mutate(
      { action, ids: [invitation.id], days: action === 'retry' ? days : 0 },
      {
        onSuccess: (r) => {
          setSaid(r.skipped.length ? r.skipped[0].reason : `${TITLES[action]}: on its way.`);
          setDialog(null);
        },
      },
    );
  if (!deadline?.due && !cameBack && !Object.values(can).some(Boolean)) return null;
  return (
    <Stack gap={2}>
      <Group gap={4} wrap="wrap">
        {deadline?.due && (
          <Text size="xs" c={status === 'expired' ? 'red' : 'dimmed'}>
            {deadline.due}
          </Text>
        )}
        {deadline?.due && deadline.reminderAt && status === 'invited' && (
          <Text size="xs" c="dimmed" title={`Qualified reminds the candidate on ${formatAbsolute(deadline.reminderAt)}`}>
            {new Date(deadline.reminderAt) > new Date() ? 'reminder' : 'reminded'} {formatDay(deadline.reminderAt)}
          </Text>
        )}
        {cameBack && (
          <Badge size="xs" color="orange" variant="light" title="Entered a trigger stage again after being invited">
            came back
          </Badge>
        )}
        {Object.values(can).some(Boolean) && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="subtle" aria-label={`Actions for ${who}`}>
                Actions
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {can.resend && <Menu.Item onClick={() => setDialog('resend')}>Resend invitation e-mail…</Menu.Item>}
              {can.deadline && <Menu.Item onClick={() => setDialog('deadline')}>Extend the deadline…</Menu.Item>}
              {can.retry && <Menu.Item onClick={() => setDialog('retry')}>Invite again…</Menu.Item>}
              {can.cancel && (
                <Menu.Item color="red" onClick={() => setDialog('cancel')}>
                  Cancel invitation…
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {said && (
        <Text size="xs" role="status">
          {said}
        </Text>
      )}
      <Modal opened={dialog === 'deadline'} onClose={() => setDialog(null)} title="Extend the deadline">
        <Stack>
          <Text size="sm">
            Qualified's API cannot change the deadline of an invitation it has already sent, so assessbridge cannot
            extend {who}'s deadline for {title}. You can change it in Qualified itself. Once the invitation has expired,
            "Invite again" gives {who} a second go with a new deadline.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDialog(null)}>
              Close
            </Button>
          </Group>
        </Stack>
      </Modal>
      {dialog && dialog !== 'deadline' && (
        <Modal opened onClose={() => setDialog(null)} title={TITLES[dialog]}>
          <Stack>
            <Text size="sm">{actionEffect(dialog, who, title, dialog === 'retry' ? days : 0)}</Text>
            <ConfirmAction
              action={dialog}
              days={days}
              setDays={setDays}
              error={act.error}
              pending={act.isPending}
              label={TITLES[dialog]}
              onConfirm={() => confirm(dialog)}
              onClose={() => setDialog(null)}
            />
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
