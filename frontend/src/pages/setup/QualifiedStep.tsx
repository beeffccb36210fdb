import { useState } from 'react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { api } from '../../api/endpoints';
import { StepError } from './StepError';
import { useSetupAction } from './useSetupAction';

/** Connect Qualified with an API key. */
export function QualifiedStep({ done }: { done: boolean }) {
  const [editing, setEditing] = useState(!done);
  const [apiKey, setApiKey] = useState('');
  const connect = useSetupAction((key: string) => api.connectQualified(key), () => 'Qualified is connected.');

  if (!editing) {
    return (
      <Button variant="default" size="xs" onClick={() => setEditing(true)} w="fit-content">
        Use another key
      </Button>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate(apiKey.trim(), {
          onSuccess: () => {
            setApiKey('');
            setEditing(false);
          },
        });
      }}
    >
      <Stack gap="sm">
        <PasswordInput
          label="Qualified API key"
          description="Found in your Qualified account's integration settings. API access is part of Qualified's custom plans."
          placeholder="Paste the key"
          value={apiKey}
          onChange={(e) => setApiKey(e.currentTarget.value)}
          autoComplete="off"
          data-testid="qualified-api-key"
        />
        <StepError error={connect.error} />
        <Group gap="sm">
          <Button type="submit" loading={connect.isPending} disabled={!apiKey.trim()} data-testid="qualified-connect">
            Connect Qualified
          </Button>
          {done && (
            <Button variant="subtle" color="gray" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
