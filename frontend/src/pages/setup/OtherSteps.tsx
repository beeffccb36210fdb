import { Alert, Anchor, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconPlugConnected, IconSend } from '@tabler/icons-react';
import { api } from '../../api/endpoints';
import type { Status } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { TimeAgo } from '../../components/TimeAgo';
import { hrefFor } from '../../router';
import { StepError } from '../../components/StepError';
import { useSetupAction } from './useSetupAction';

/** Which Lever environment the key belongs to. */
export function EnvironmentStep() {
  return (
    <Text size="sm" c="dimmed">
      Sandbox is Lever's test account; production is where your real candidates are. To switch, connect Lever again
      with a key from the other environment.
    </Text>
  );
}

/** The public address Lever and Qualified send their webhooks to. */
export function PublicUrlStep({ status }: { status: Status }) {
  if (status.publicUrl) {
    return (
      <Text size="sm" c="dimmed" data-testid="public-url" data-url={status.publicUrl}>
        Keep assessbridge running so invitations go out promptly; what happens while it is closed is caught up when it starts again.
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      assessbridge is opening a secure public address for Lever and Qualified to reach it. This needs an internet
      connection and usually takes a few seconds.
    </Text>
  );
}

/** Register the Lever webhook and the Qualified subscription at the public address. */
export function WebhookStep({ status, done }: { status: Status; done: boolean }) {
  const register = useSetupAction(() => api.registerWebhook(), () => 'Webhooks registered with Lever and Qualified.');
  const { manualUrl, manualWhere } = status.webhook;
  return (
    <Stack gap="sm">
      <StepError error={register.error} />
      {manualUrl && (
        <Alert color="orange" variant="light" title="Add the webhook by hand" data-testid="webhook-manual">
          <Stack gap="xs">
            <Text size="sm">To do it yourself, {manualWhere}:</Text>
            <CopyField value={manualUrl} label="Copy the address" testId="webhook-manual-url" />
          </Stack>
        </Alert>
      )}
      <Button
        leftSection={<IconPlugConnected size={16} />}
        onClick={() => register.mutate(undefined)}
        loading={register.isPending}
        disabled={!status.publicUrl}
        variant={done ? 'default' : 'filled'}
        w="fit-content"
        data-testid="register-webhooks"
      >
        {done ? 'Register webhooks again' : 'Register webhooks'}
      </Button>
      {!status.publicUrl && (
        <Text size="xs" c="dimmed">
          Available once the public address is ready.
        </Text>
      )}
    </Stack>
  );
}

/** Lever does not let an app switch the event group on: the recruiter does, then checks here. */
export function StageChangeStep({ status, done }: { status: Status; done: boolean }) {
  const check = useSetupAction(() => api.testDelivery(), (r) => (r?.arrived ? 'A delivery from Lever has arrived.' : null));
  const lastDeliveryAt = check.data?.lastDeliveryAt ?? status.webhook.lastDeliveryAt ?? null;
  const arrived = check.data?.arrived ?? (done || !!status.webhook.lastDeliveryAt);
  const checkedNothing = check.isSuccess && !check.data?.arrived;
  return (
    <Stack gap="sm">
      <List type="ordered" size="sm" spacing={4}>
        <List.Item>
          In Lever, open <b>Settings → Integrations and API → Webhooks</b>.
        </List.Item>
        <List.Item>
          Find <b>Candidate Stage Change</b>; the assessbridge address should already be listed there.
        </List.Item>
        <List.Item>
          Switch <b>Candidate Stage Change</b> on.
        </List.Item>
        <List.Item>Move any candidate to another stage, so Lever sends a first delivery.</List.Item>
      </List>
      <StepError error={check.error} />
      <Group gap="sm">
        <Button
          onClick={() => check.mutate(undefined)}
          loading={check.isPending}
          color={arrived ? 'teal' : undefined}
          variant={arrived ? 'light' : 'filled'}
          leftSection={arrived ? <IconCircleCheck size={16} /> : <IconSend size={16} />}
          data-testid="check-delivery"
          data-arrived={arrived ? 'true' : 'false'}
        >
          {arrived ? 'Delivery received' : 'I did it — check for a delivery'}
        </Button>
        {arrived && lastDeliveryAt && (
          <Group gap={4}>
            <Text size="sm" c="dimmed">
              Last delivery
            </Text>
            <TimeAgo at={lastDeliveryAt} />
          </Group>
        )}
      </Group>
      {checkedNothing && (
        <Text size="sm" c="orange" data-testid="no-delivery">
          Nothing has arrived yet. Check that Candidate Stage Change is switched on, move a candidate to another stage,
          and check again in a few seconds.
        </Text>
      )}
    </Stack>
  );
}

/** At least one stage whose new candidates are invited. */
export function TriggerStageStep({ status }: { status: Status }) {
  const stages = status.triggerStages ?? [];
  return (
    <Group gap="sm">
      {stages.map((s) => (
        <Badge key={s.stageId} variant="light" radius="sm" tt="none">
          {s.name}
        </Badge>
      ))}
      <Anchor href={hrefFor('trigger-stages')} size="sm" data-testid="choose-trigger-stages">
        {stages.length ? 'Change trigger stages' : 'Choose trigger stages'} →
      </Anchor>
    </Group>
  );
}
