import { Alert, Group, Text } from '@mantine/core';
import { IconArrowBackUp, IconFlask } from '@tabler/icons-react';
import { useWorkspace, type WorkspaceName } from '../api/workspace';
import { SwitchWorkspaceButton } from './SwitchWorkspaceButton';

/**
 * On every screen while the desktop app shows the demo: it is the demo, nothing reaches real
 * candidates, and the way back to the recruiter's own setup.
 */
export function DemoBanner({ onSwitched }: { onSwitched?: (w: WorkspaceName) => void }) {
  const workspace = useWorkspace();
  if (workspace.data?.workspace !== 'demo') return null;
  return (
    <Alert
      color="orange"
      variant="light"
      radius="md"
      mb="md"
      icon={<IconFlask size={20} />}
      title="You are trying assessbridge with simulated accounts"
      data-testid="demo-banner"
    >
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text size="sm" style={{ flex: 1, minWidth: 260 }}>
          This Lever, this Qualified and these candidates are made up: nothing is sent to real candidates. Your real
          setup is kept as it is.
        </Text>
        <SwitchWorkspaceButton to="real" color="orange" icon={<IconArrowBackUp size={16} />} testId="demo-back" onSwitched={onSwitched}>
          Back to my real setup
        </SwitchWorkspaceButton>
      </Group>
    </Alert>
  );
}
