import type { ReactNode } from 'react';
import { Alert, Badge, Code, Group, Paper, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useStatus } from '../../api/queries';
import type { SetupStep, Status } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryFallback } from '../../components/States';
import { LeverStep } from './LeverStep';
import { PublicAddressStep } from './PublicAddressStep';
import { EnvironmentStep, PublicUrlStep, StageChangeStep, TriggerStageStep, WebhookStep } from './OtherSteps';
import { QualifiedStep } from './QualifiedStep';
import { StepError } from '../../components/StepError';
import { StartAtLoginSuggestion } from './StartAtLoginSuggestion';
import { TryDemoCard } from './TryDemoCard';

/** The error the status reports for a step, in the part of the status the step is about. */
export function stepError(step: SetupStep, status: Status): string {
  switch (step.id) {
    case 'lever':
      return status.lever.error;
    case 'qualified':
      return status.qualified.error;
    case 'webhook':
      return status.webhook.error;
    default:
      return '';
  }
}

function StepBody({ step, status }: { step: SetupStep; status: Status }): ReactNode {
  switch (step.id) {
    case 'lever':
      return <LeverStep status={status} done={step.done} />;
    case 'environment':
      return <EnvironmentStep />;
    case 'qualified':
      return <QualifiedStep done={step.done} />;
    case 'publicUrl':
      return status.publicAddress ? <PublicAddressStep status={status} /> : <PublicUrlStep status={status} />;
    case 'webhook':
      return <WebhookStep status={status} done={step.done} />;
    case 'stageChangeToggle':
      return <StageChangeStep status={status} done={step.done} />;
    case 'triggerStage':
      return <TriggerStageStep status={status} />;
    default:
      return null;
  }
}

function StepCard({ step, index, next, status }: { step: SetupStep; index: number; next: boolean; status: Status }) {
  const error = stepError(step, status);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid={`setup-step-${step.id}`}
      data-done={step.done ? 'true' : 'false'}
      style={next ? { borderColor: 'var(--mantine-primary-color-filled)', borderWidth: 2 } : undefined}
    >
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon
          size={32}
          radius="xl"
          color={step.done ? 'teal' : next ? undefined : 'gray'}
          variant={step.done || next ? 'filled' : 'light'}
        >
          {step.done ? <IconCheck size={18} /> : <Text fw={700} size="sm">{index + 1}</Text>}
        </ThemeIcon>
        <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>{step.title}</Text>
              {step.done && (
                <Badge color="teal" variant="light" size="sm" radius="sm">
                  Done
                </Badge>
              )}
              {next && (
                <Badge variant="filled" size="sm" radius="sm">
                  Next
                </Badge>
              )}
            </Group>
            {step.detail && (
              <Text size="sm" c="dimmed" data-testid="step-detail">
                {step.detail}
              </Text>
            )}
          </Stack>
          <StepError error={error} />
          <StepBody step={step} status={status} />
        </Stack>
      </Group>
    </Paper>
  );
}

/** A guided checklist from linking the accounts to the first trigger stage. */
const SETUP_TITLE = 'Setup';
const SETUP_DESCRIPTION =
  'Link Lever and Qualified, and choose when candidates are invited. Each step is checked with Lever or Qualified directly.';

export function SetupPage() {
  const status = useStatus();
  if (!status.isSuccess) {
    return (
      <>
        <PageHeader title={SETUP_TITLE} description={SETUP_DESCRIPTION} />
        <QueryFallback query={status} loading="Checking the setup…" errorTitle="Could not check the setup" />
      </>
    );
  }
  const steps = status.data.setup ?? [];
  const doneCount = steps.filter((s) => s.done).length;
  const nextId = steps.find((s) => !s.done)?.id;
  const complete = steps.length > 0 && doneCount === steps.length;

  return (
    <>
      <PageHeader title={SETUP_TITLE} description={SETUP_DESCRIPTION} />
      <TryDemoCard status={status.data} />
      {status.data.demoKeys && (
        <Alert color="blue" variant="light" mb="md" title="The demo's keys" data-testid="demo-keys">
          <Text size="sm">
            The simulated accounts accept these keys: paste them in the steps below.
          </Text>
          <Text size="sm">
            Lever: <Code data-testid="demo-key-lever">{status.data.demoKeys.lever}</Code>
          </Text>
          <Text size="sm">
            Qualified: <Code data-testid="demo-key-qualified">{status.data.demoKeys.qualified}</Code>
          </Text>
        </Alert>
      )}
      {status.data.secrets?.warning && (
        <Alert color="yellow" variant="light" mb="md" title="Keys are kept in a file" data-testid="secrets-warning">
          {status.data.secrets.warning}
        </Alert>
      )}
      <Paper withBorder radius="md" p="md" mb="md">
        <Group justify="space-between" mb={6}>
          <Text fw={600} data-testid="setup-progress">
            {complete ? 'All set — candidates are invited automatically' : `${doneCount} of ${steps.length} steps done`}
          </Text>
          {complete && (
            <Badge color="teal" variant="light" radius="sm">
              Ready
            </Badge>
          )}
        </Group>
        <Progress
          value={steps.length ? (doneCount / steps.length) * 100 : 0}
          color={complete ? 'teal' : undefined}
          aria-label="Setup steps done"
        />
      </Paper>
      <StartAtLoginSuggestion live={complete} />
      <Stack gap="sm">
        {steps.map((step, i) => (
          <StepCard key={step.id} step={step} index={i} next={step.id === nextId} status={status.data} />
        ))}
      </Stack>
    </>
  );
}
