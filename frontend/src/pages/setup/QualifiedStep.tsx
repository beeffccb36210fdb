import { useState } from 'react';
import { Button, Stack } from '@mantine/core';
import { api } from '../../api/endpoints';
import { ApiKeyFields } from './ApiKeyFields';
import { useSetupAction } from './useSetupAction';

/** Connect Qualified with an API key. */
export function QualifiedStep({ done }: { done: boolean }) {
  const [editing, setEditing] = useState(!done);
  const [apiKey, setApiKey] = useState('');
  const connect = useSetupAction(
    (key: string) => api.connectQualified(key),
    () => 'Qualified is connected.',
    ['status', 'assessments'],
  );

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
        <ApiKeyFields
          label="Qualified API key"
          description="Found in your Qualified account's integration settings. API access is part of Qualified's custom plans."
          value={apiKey}
          onChange={setApiKey}
          error={connect.error}
          pending={connect.isPending}
          submitLabel="Connect Qualified"
          testId="qualified"
          onCancel={done ? () => setEditing(false) : undefined}
        />
      </Stack>
    </form>
  );
}
