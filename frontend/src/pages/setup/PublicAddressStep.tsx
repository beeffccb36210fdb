import { useState } from 'react';
import { Badge, Button, Group, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../../api/endpoints';
import type { PublicAddress, PublicAddressChoice, Status, TunnelState } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { TimeAgo } from '../../components/TimeAgo';
import { StepError } from '../../components/StepError';
import { useSetupAction } from './useSetupAction';

const STATE_LOOK: Record<TunnelState, { label: string; color: string }> = {
  starting: { label: 'Starting', color: 'blue' },
  connected: { label: 'Connected', color: 'teal' },
  reconnecting: { label: 'Reconnecting', color: 'yellow' },
  failed: { label: 'Failed', color: 'red' },
  stopped: { label: 'Not started', color: 'gray' },
};

const MODE_LABEL: Record<PublicAddress['mode'], string> = {
  flag: 'Set when assessbridge was started (--public-url)',
  quick: 'Quick tunnel (Cloudflare, no account)',
  named: 'Named tunnel (your Cloudflare account)',
  own: 'My own public address',
};

/** The tunnel's status, and the choice of how Lever and Qualified reach assessbridge. */
export function PublicAddressStep({ status }: { status: Status }) {
  const address = status.publicAddress;
  const [mode, setMode] = useState<PublicAddressChoice['mode']>(
    address && address.mode !== 'flag' ? address.mode : 'quick',
  );
  const [url, setUrl] = useState(address?.mode === 'own' ? address.url : '');
  const [token, setToken] = useState('');
  const [hostname, setHostname] = useState(address?.hostname ?? '');
  const [choosing, setChoosing] = useState(false);
  const save = useSetupAction(
    (choice: PublicAddressChoice) => api.setPublicAddress(choice),
    () => 'Public address updated. The webhooks follow it.',
  );
  if (!address) return null;
  const look = STATE_LOOK[address.state] ?? STATE_LOOK.stopped;

  return (
    <Stack gap="sm" data-testid="tunnel-card" data-state={address.state} data-mode={address.mode}>
      <Group gap="xs">
        <Badge color={look.color} variant="light" data-testid="tunnel-state">
          {look.label}
        </Badge>
        <Text size="sm" c="dimmed">
          {MODE_LABEL[address.mode]}
        </Text>
        {address.since && (
          <Text size="xs" c="dimmed">
            · since <TimeAgo at={address.since} size="xs" />
          </Text>
        )}
      </Group>
      {address.url && <CopyField value={address.url} label="Copy the public address" testId="tunnel-url" />}
      {address.error && (
        <Text size="sm" c={address.state === 'failed' ? 'red' : 'dimmed'} data-testid="tunnel-error">
          {address.error}
        </Text>
      )}
      {address.mode === 'quick' && address.state === 'connected' && (
        <Text size="xs" c="dimmed">
          A quick tunnel gets a new address each time assessbridge starts; the webhooks in Lever and Qualified are moved to it
          automatically.
        </Text>
      )}
      {address.editable && !choosing && (
        <Button variant="default" size="xs" w="fit-content" onClick={() => setChoosing(true)} data-testid="tunnel-change">
          Change how Lever reaches assessbridge
        </Button>
      )}
      {address.editable && choosing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const choice: PublicAddressChoice =
              mode === 'own' ? { mode, url: url.trim() } : mode === 'named' ? { mode, token: token.trim(), hostname: hostname.trim() } : { mode };
            save.mutate(choice, { onSuccess: () => setChoosing(false) });
          }}
        >
          <Stack gap="sm">
            <Radio.Group value={mode} onChange={(v) => setMode(v as PublicAddressChoice['mode'])} data-testid="tunnel-mode">
              <Stack gap={6}>
                <Radio value="quick" label={MODE_LABEL.quick} description="Works at once; a new address on every start." data-testid="tunnel-mode-quick" />
                <Radio value="named" label={MODE_LABEL.named} description="A stable hostname, from a tunnel token made in Cloudflare." data-testid="tunnel-mode-named" />
                <Radio value="own" label={MODE_LABEL.own} description="An HTTPS address that already reaches this machine's webhook receiver." data-testid="tunnel-mode-own" />
              </Stack>
            </Radio.Group>
            {mode === 'own' && (
              <TextInput label="Public address" placeholder="https://hooks.example.com" value={url} onChange={(e) => setUrl(e.currentTarget.value)} maw={480} data-testid="tunnel-own-url" />
            )}
            {mode === 'named' && (
              <>
                <PasswordInput
                  label="Tunnel token"
                  description="Cloudflare: Zero Trust → Networks → Tunnels → your tunnel → install command. Leave empty to keep the saved one."
                  value={token}
                  onChange={(e) => setToken(e.currentTarget.value)}
                  autoComplete="off"
                  maw={480}
                />
                <TextInput label="Hostname" placeholder="hooks.example.com" value={hostname} onChange={(e) => setHostname(e.currentTarget.value)} maw={480} />
              </>
            )}
            <StepError error={save.error} />
            <Group gap="sm">
              <Button type="submit" loading={save.isPending} data-testid="tunnel-save">
                Use this
              </Button>
              <Button variant="subtle" color="gray" onClick={() => setChoosing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
