import { Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useLifecycleSettings, useSetCancelOnArchive } from '../../api/lifecycle';
import { StepError } from '../../components/StepError';

/** What the switch does, in the recruiter's words. */
export const CANCEL_ON_ARCHIVE_EXPLAINED =
  'When you archive a candidate in Lever while their assessment invitation is open (invited or started), assessbridge cancels it in Qualified, so they can no longer take it. An invitation not yet sent is never sent. Submitted results are kept. Deleting a candidate in Lever always cancels their invitation and removes them from assessbridge, keeping only the counts.';

/** Says what the switch now does. */
const announce = (on: boolean) =>
  notifications.show({
    color: 'teal',
    message: on ? 'An archived candidate’s open invitation will be cancelled.' : 'An archived candidate’s invitation will be left open.',
  });

// Settings: what happens when a candidate is archived in Lever.
export function LifecycleSettings() {
  const settings = useLifecycleSettings();
  const save = useSetCancelOnArchive();
  return (
    <Paper withBorder radius="md" p="md" data-testid="lifecycle-settings">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Candidates archived in Lever
        </Title>
        <Switch
          label="Cancel the invitation when a candidate is archived"
          description={CANCEL_ON_ARCHIVE_EXPLAINED}
          checked={settings.data?.cancelOnArchive ?? true}
          disabled={!settings.isSuccess || save.isPending}
          onChange={(e) => save.mutate(e.currentTarget.checked, { onSuccess: (saved) => announce(saved.cancelOnArchive) })}
          data-testid="cancel-on-archive"
        />
        <Text size="xs" c="dimmed">
          Lever tells assessbridge about archiving, deleting and hiring only once a Lever Super Admin has switched on
          those webhooks (see Setup).
        </Text>
        <StepError error={save.error ?? settings.error} />
      </Stack>
    </Paper>
  );
}
