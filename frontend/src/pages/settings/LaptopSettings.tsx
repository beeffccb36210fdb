import { Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { laptopApi, useLaptopApp, useSetStartAtLogin } from '../../api/laptop';
import { StepError } from '../../components/StepError';

/** Why starting at login matters, in the words the Setup suggestion uses too. */
export const START_AT_LOGIN_REASON =
  'Candidates are invited only while assessbridge is running. If it was not running, it catches up with what it missed the next time it starts.';

// The desktop app's own settings (start at login, keep running when the
// window is closed). Shown only where they apply.
export function LaptopSettings() {
  const app = useLaptopApp();
  const setStartAtLogin = useSetStartAtLogin();
  const quit = useMutation({ mutationFn: laptopApi.quit });
  if (!app.data?.desktop) return null;
  const login = app.data.startAtLogin;

  return (
    <Paper withBorder radius="md" p="md" data-testid="laptop-settings">
      <Stack gap="sm">
        <Title order={2} size="h4">On this computer</Title>
        <Switch
          label="Start assessbridge when I log in"
          description={
            login.available
              ? `${START_AT_LOGIN_REASON} It starts without opening its window.`
              : login.reason || 'Starting at login is not available here.'
          }
          checked={login.enabled}
          disabled={!login.available || setStartAtLogin.isPending}
          onChange={(e) => {
            const enabled = e.currentTarget.checked;
            setStartAtLogin.mutate(enabled, {
              onSuccess: () =>
                notifications.show({
                  color: 'teal',
                  message: enabled
                    ? 'assessbridge will start when you log in.'
                    : 'assessbridge will no longer start when you log in.',
                }),
            });
          }}
          data-testid="start-at-login"
        />
        <StepError error={setStartAtLogin.error ?? login.error} />
        <Text size="sm" c="dimmed" data-testid="closing-explained">
          Closing the window does not stop assessbridge: it keeps inviting candidates until you quit it. Open
          assessbridge again to see it.
        </Text>
        <StepError error={quit.error} />
        <Group>
          <Button
            color="red"
            variant="light"
            onClick={() => quit.mutate()}
            loading={quit.isPending}
            disabled={quit.isSuccess}
            data-testid="quit-app"
          >
            Quit assessbridge
          </Button>
          {quit.isSuccess && (
            <Text size="sm" c="dimmed">
              assessbridge is quitting. Candidates are not invited until you open it again.
            </Text>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
