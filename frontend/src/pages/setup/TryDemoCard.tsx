import { Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import type { Status } from '../../api/types';
import { offersDemo, useWorkspace, type WorkspaceName } from '../../api/workspace';
import { SwitchWorkspaceButton } from '../../components/SwitchWorkspaceButton';

/**
 * Setup's offer to try assessbridge on simulated accounts first: shown in the desktop app while
 * nothing of the real setup is done. The demo opens in a workspace of its own.
 */
export function TryDemoCard({ status, onSwitched }: { status: Status; onSwitched?: (w: WorkspaceName) => void }) {
  const workspace = useWorkspace();
  if (!offersDemo(status, workspace.data)) return null;
  return (
    <Paper withBorder radius="md" p="md" mb="md" data-testid="try-demo">
      <Group align="flex-start" wrap="nowrap" gap="md">
        <ThemeIcon size={36} radius="md" variant="light" color="grape">
          <IconFlask size={20} />
        </ThemeIcon>
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600}>Not ready to connect your accounts yet? Try it first</Text>
          <Text size="sm">
            See assessbridge at work with a pretend Lever and Qualified: made-up candidates reach the assessment
            stage, are invited, take their assessments, and their results come back to Lever, over a couple of
            minutes.
          </Text>
          <Text size="sm" c="dimmed">
            Nothing is sent to real candidates. Your real setup is kept as it is, and “Back to my real setup” at
            the top of every screen brings you here again.
          </Text>
          <Group mt={4}>
            <SwitchWorkspaceButton to="demo" color="grape" icon={<IconFlask size={16} />} testId="try-demo-button" onSwitched={onSwitched}>
              Try it with simulated accounts
            </SwitchWorkspaceButton>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}
