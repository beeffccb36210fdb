import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from '../api/client';

/** The API's reason an action failed, in its own words; nothing when there is none. */
export function StepError({ error, testId = 'step-error' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const text = typeof error === 'string' ? error : errorMessage(error);
  if (!text) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid={testId} py="xs">
      {text}
    </Alert>
  );
}
