import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { api } from '../../api/endpoints';
import type { LeverEnvironment, Status } from '../../api/types';
import { ApiKeyForm } from './ApiKeyForm';
import { StepError } from '../../components/StepError';
import { useSetupAction } from './useSetupAction';

export const OAUTH_UNAVAILABLE = 'Logging in to Lever needs your team\'s Lever partner app (set it in Settings); use an API key until then';

/** Connect Lever with an API key, in the sandbox or production environment. */
export function LeverStep({ status, done }: { status: Status; done: boolean }) {
  const [editing, setEditing] = useState(!done);
  const [environment, setEnvironment] = useState<LeverEnvironment>(
    status.lever.environment === 'sandbox' ? 'sandbox' : 'production',
  );
  const [confirming, setConfirming] = useState(false);
  const login = useMutation({ mutationFn: (env: LeverEnvironment) => api.startLeverLogin(env) });
  const disconnect = useSetupAction(
    () => api.disconnectLever(),
    (r) => (r?.warning ? `Lever is disconnected. ${r.warning}` : 'Lever is disconnected.'),
    ['status', 'lever'],
  );
  const connect = useSetupAction(
    (args: { apiKey: string; environment: LeverEnvironment }) => api.connectLever(args.apiKey, args.environment),
    () => 'Lever is connected.',
    ['status', 'lever'],
  );

  if (!editing && done) {
    return (
      <Stack gap="xs">
        <Group gap="sm">
          <Button variant="default" size="xs" onClick={() => setEditing(true)} w="fit-content">
            Use another key or environment
          </Button>
          {!confirming && (
            <Button variant="subtle" color="red" size="xs" onClick={() => setConfirming(true)} data-testid="lever-disconnect">
              Disconnect Lever
            </Button>
          )}
        </Group>
        {confirming && (
          <Group gap="sm" data-testid="lever-disconnect-confirm">
            <Text size="sm">
              Disconnecting removes the webhook assessbridge registered in Lever and forgets the key. Nobody new is invited until
              you connect again.
            </Text>
            <Button
              color="red"
              size="xs"
              loading={disconnect.isPending}
              onClick={() => disconnect.mutate(undefined, { onSettled: () => setConfirming(false) })}
              data-testid="lever-disconnect-yes"
            >
              Disconnect
            </Button>
            <Button variant="subtle" color="gray" size="xs" onClick={() => setConfirming(false)}>
              Keep connected
            </Button>
          </Group>
        )}
        <StepError error={disconnect.error} />
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      {status.lever.oauthAvailable ? (
        <Stack gap={4}>
          <Group gap="sm" align="center">
            <Button
              leftSection={<IconLogin size={16} />}
              loading={login.isPending}
              onClick={() =>
                login.mutate(environment, {
                  onSuccess: (r) => {
                    if (r && !r.opened) window.open(r.authorizeUrl, '_blank');
                  },
                })
              }
              data-testid="lever-oauth"
            >
              {status.lever.error ? 'Log in again' : 'Log in to Lever'}
            </Button>
            <Text size="xs" c="dimmed" maw={420}>
              Lever opens in your browser; approve access there and this step turns green.
            </Text>
          </Group>
          <StepError error={login.error} />
        </Stack>
      ) : (
        <Group gap="sm" align="center">
          <Tooltip label={status.lever.oauthReason || OAUTH_UNAVAILABLE} withArrow multiline maw={280}>
            <span>
              <Button leftSection={<IconLogin size={16} />} disabled data-testid="lever-oauth">
                Log in to Lever
              </Button>
            </span>
          </Tooltip>
          <Text size="xs" c="dimmed" maw={420} data-testid="lever-oauth-reason">
            {status.lever.oauthReason || `${OAUTH_UNAVAILABLE}.`}
          </Text>
        </Group>
      )}
      <ApiKeyForm
        label="Lever API key"
        description="A Super Admin creates it in Lever → Settings → Integrations and API → API Credentials. Give it access to opportunities, stages, tags, postings, notes, users and webhooks."
        submitLabel="Connect Lever"
        testId="lever"
        connect={connect}
        argsFor={(apiKey) => ({ apiKey, environment })}
        onClose={() => setEditing(false)}
        connected={done}
      >
        <SegmentedControl
          value={environment}
          onChange={(v) => setEnvironment(v as LeverEnvironment)}
          data={[
            { value: 'production', label: 'Production' },
            { value: 'sandbox', label: 'Sandbox' },
          ]}
          w="fit-content"
          data-testid="lever-environment"
        />
      </ApiKeyForm>
    </Stack>
  );
}
