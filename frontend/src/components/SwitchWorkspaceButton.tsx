import type { ReactNode } from 'react';
import { Button, Stack } from '@mantine/core';
import { useSwitchWorkspace, type WorkspaceName } from '../api/workspace';
import { StepError } from './StepError';

/**
 * Opens the other workspace (the demo, or the real setup back from it), then reloads onto it;
 * when it cannot, says why beneath and stays (tests pass their own onSwitched).
 */
export function SwitchWorkspaceButton({ to, color, icon, testId, onSwitched, children }: {
  to: WorkspaceName;
  color: string;
  icon: ReactNode;
  /** The button's test id; its error's is `${testId}-error`. */
  testId: string;
  onSwitched?: (workspace: WorkspaceName) => void;
  children: ReactNode;
}) {
  const open = useSwitchWorkspace(onSwitched);
  return (
    <Stack gap="xs" align="flex-start">
      <Button color={color} leftSection={icon} onClick={() => open.mutate(to)} loading={open.isPending} data-testid={testId}>
        {children}
      </Button>
      <StepError error={open.error} testId={`${testId}-error`} />
    </Stack>
  );
}
