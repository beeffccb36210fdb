import { useState, type ReactNode } from 'react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { StepError } from '../../components/StepError';

/** What ApiKeyForm needs of the step's connect action (a useSetupAction). */
interface Connect<TArgs> {
  mutate: (args: TArgs, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: unknown;
}

/**
 * A "connect with an API key" form: any fields the account needs first (`children`), the key,
 * the reason a try failed, and Connect (and Cancel when a key is already connected). Once the key
 * connected it is forgotten and the form closes.
 */
export function ApiKeyForm<TArgs>(props: {
  label: string;
  description: string;
  submitLabel: string;
  /** Prefix of the test ids: `${testId}-api-key`, `${testId}-connect`. */
  testId: string;
  connect: Connect<TArgs>;
  /** What `connect` is given for the key typed. */
  argsFor: (apiKey: string) => TArgs;
  /** Closes the form: once connected, and as Cancel when `connected` (a key already works). */
  onClose: () => void;
  connected: boolean;
  children?: ReactNode;
}) {
  const [apiKey, setApiKey] = useState('');
  const { connect } = props;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate(props.argsFor(apiKey.trim()), {
          onSuccess: () => {
            setApiKey('');
            props.onClose();
          },
        });
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
        <StepError error={connect.error} />
        <Group gap="sm">
          <Button type="submit" loading={connect.isPending} disabled={!apiKey.trim()} data-testid={`${props.testId}-connect`}>
            {props.submitLabel}
          </Button>
          {props.connected && (
            <Button variant="subtle" color="gray" onClick={props.onClose}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
