import { useState, type ReactNode } from 'react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { StepError } from '../../components/StepError';

/**
 * A "connect with an API key" form: any fields the account needs first (`children`), the key,
 * the reason a try failed, and Connect (and Cancel when a key is already connected). The key is
 * forgotten once it connected.
 */
export function ApiKeyForm(props: {
  label: string;
  description: string;
  submitLabel: string;
  /** Prefix of the test ids: `${testId}-api-key`, `${testId}-connect`. */
  testId: string;
  /** Tries the key; calls `connected` when it worked. */
  onConnect: (apiKey: string, connected: () => void) => void;
  error: unknown;
  pending: boolean;
  /** Shown as Cancel when a key is already connected. */
  onCancel?: () => void;
  children?: ReactNode;
}) {
  const [apiKey, setApiKey] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onConnect(apiKey.trim(), () => setApiKey(''));
      }}
    >
      <Stack gap="sm">
        {props.children}
        <PasswordInput
          label={props.label}
          description={props.description}
          placeholder="Paste the key"
          value={apiKey}
          onChange={(e) => setApiKey(e.currentTarget.value)}
          autoComplete="off"
          data-testid={`${props.testId}-api-key`}
        />
        <StepError error={props.error} />
        <Group gap="sm">
          <Button type="submit" loading={props.pending} disabled={!apiKey.trim()} data-testid={`${props.testId}-connect`}>
            {props.submitLabel}
          </Button>
          {props.onCancel && (
            <Button variant="subtle" color="gray" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
