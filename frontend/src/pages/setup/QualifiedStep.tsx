import { useState } from 'react';
import { Button } from '@mantine/core';
import { api } from '../../api/endpoints';
import { ApiKeyForm } from './ApiKeyForm';
import { useSetupAction } from './useSetupAction';

/** Connect Qualified with an API key. */
export function QualifiedStep({ done }: { done: boolean }) {
  const [editing, setEditing] = useState(!done);
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
    <ApiKeyForm
      label="Qualified API key"
      description="Found in your Qualified account's integration settings. API access is part of Qualified's custom plans."
      submitLabel="Connect Qualified"
      testId="qualified"
      connect={connect}
      argsFor={(apiKey) => apiKey}
      onClose={() => setEditing(false)}
      connected={done}
    />
  );
}
