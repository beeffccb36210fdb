import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';

/** The API's reason a step failed, in its own words. */
export function StepError({ error }: { error: unknown }) {
  if (!error) return null;
  const text = typeof error === 'string' ? error : errorMessage(error);
  if (!text) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="step-error" py="xs">
      {text}
    </Alert>
  );
}
