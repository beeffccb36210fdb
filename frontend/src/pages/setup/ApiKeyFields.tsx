import { Button, Group, PasswordInput } from '@mantine/core';
import { StepError } from '../../components/StepError';

/** The key field, its error and the connect/cancel buttons of a "connect with an API key" form. */
export function ApiKeyFields(props: {
  label: string;
  description: string;
  value: string;
  onChange: (value: string) => void;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  /** Prefix of the test ids: `${testId}-api-key`, `${testId}-connect`. */
  testId: string;
  /** Shown as Cancel when a key is already connected. */
  onCancel?: () => void;
}) {
  return (
    <>
      <PasswordInput
        label={props.label}
        description={props.description}
        placeholder="Paste the key"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        autoComplete="off"
        data-testid={`${props.testId}-api-key`}
      />
      <StepError error={props.error} />
      <Group gap="sm">
        <Button type="submit" loading={props.pending} disabled={!props.value.trim()} data-testid={`${props.testId}-connect`}>
          {props.submitLabel}
        </Button>
        {props.onCancel && (
          <Button variant="subtle" color="gray" onClick={props.onCancel}>
            Cancel
          </Button>
        )}
      </Group>
    </>
  );
}
