import { useState } from 'react';
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { START_AT_LOGIN_DISMISSED, useLaptopApp, useSetStartAtLogin } from '../../api/laptop';
import { START_AT_LOGIN_REASON } from '../settings/LaptopSettings';
import { StepError } from '../../components/StepError';

function dismissedBefore(): boolean {
  try {
    return window.localStorage.getItem(START_AT_LOGIN_DISMISSED) === '1';
  } catch {
    return false;
  }
}

function rememberDismissed() {
  try {
    window.localStorage.setItem(START_AT_LOGIN_DISMISSED, '1');
  } catch {
    // Without storage it is asked again next time.
  }
}

// Once the integration is live, Setup suggests starting assessbridge at
// login on this computer (desktop app only).
export function StartAtLoginSuggestion({ live }: { live: boolean }) {
  const [dismissed, setDismissed] = useState(dismissedBefore);
  const app = useLaptopApp(live && !dismissed);
  const enable = useSetStartAtLogin();
  const login = app.data?.startAtLogin;
  if (!live || dismissed || !app.data?.desktop || !login?.available || login.enabled) return null;

  return (
    <Paper withBorder radius="md" p="md" mb="md" data-testid="start-at-login-suggestion">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4} maw={560}>
            <Text fw={600}>Start assessbridge when you log in?</Text>
            <Text size="sm" c="dimmed">
              {START_AT_LOGIN_REASON} Started at login, it runs without opening its window. You can change this in
              Settings.
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Button
              onClick={() =>
                enable.mutate(true, {
                  onSuccess: () => notifications.show({ color: 'teal', message: 'assessbridge will start when you log in.' }),
                })
              }
              loading={enable.isPending}
              data-testid="start-at-login-enable"
            >
              Start at login
            </Button>
            <Button
              variant="default"
              onClick={() => {
                rememberDismissed();
                setDismissed(true);
              }}
              data-testid="start-at-login-not-now"
            >
              Not now
            </Button>
          </Group>
        </Group>
        <StepError error={enable.error} />
      </Stack>
    </Paper>
  );
}
