import type { ReactNode } from 'react';
import { useId, useState } from 'react';
import { Button, Code, Group, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { IconDownload, IconFolderOpen } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { useSettings, useUsers } from '../../api/queries';
import { DIAGNOSTICS_PATH, supportApi, systemName, useAbout, versionText } from '../../api/support';
import { useInvalidateTopics } from '../../api/topics';
import type { Settings } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { PageHeader } from '../../components/PageHeader';
import { ReadFrom } from '../../components/ReadFrom';
import { Loading, QueryFallback } from '../../components/States';
import { StepError } from '../../components/StepError';
import { LaptopSettings } from './LaptopSettings';
import { LifecycleSettings } from './LifecycleSettings';

export const POLL_INTERVALS = [
  { value: '1m', label: 'Every minute' },
  { value: '5m', label: 'Every 5 minutes' },
  { value: '15m', label: 'Every 15 minutes' },
  { value: '30m', label: 'Every 30 minutes' },
  { value: '1h', label: 'Every hour' },
];

/** One part of Settings: its heading is one level below the page's title. */
function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

/** A form's Save button, disabled until something changed, with the reason a save failed. */
function SaveRow({ save, dirty, testId }: {
  save: { mutate: () => void; isPending: boolean; error: unknown };
  dirty: boolean;
  testId: string;
}) {
  return (
    <>
      <StepError error={save.error} />
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty} data-testid={testId}>
          Save
        </Button>
      </Group>
    </>
  );
}

/**
 * Which values BehaviourForm starts from: the page draws the form anew (keyed by this) when
 * they change, saved here or elsewhere, so the form never copies them into its state later.
 */
const behaviourOf = (settings: Settings) => `${settings.performAs ?? ''}\n${settings.pollInterval ?? ''}`;

/** What the interval choice says: why the check runs, and which interval runs now when that is not the choice shown. */
export function pollIntervalNote(settings: Settings): string {
  const why = 'Webhooks arrive at once; this regular check catches anything missed while the computer was asleep.';
  const now = settings.pollIntervalInEffect;
  if (settings.pollIntervalSetBy) {
    return `${why} It runs every ${now}, set by ${settings.pollIntervalSetBy} when assessbridge started; remove that to choose here.`;
  }
  if (now && settings.pollInterval && now !== settings.pollInterval) {
    return `${why} It runs every ${now} until assessbridge next starts, then every ${settings.pollInterval}.`;
  }
  return why;
}

function BehaviourForm({ settings }: { settings: Settings }) {
  const users = useUsers();
  const invalidate = useInvalidateTopics();
  const [performAs, setPerformAs] = useState<string | null>(settings.performAs || null);
  const [pollInterval, setPollInterval] = useState<string | null>(settings.pollInterval || null);

  const save = useMutation({
    mutationFn: () =>
      api.saveSettings({
        performAs: performAs ?? undefined,
        pollInterval: pollInterval ?? undefined,
      }),
    onSuccess: () => {
      void invalidate('settings');
      notifications.show({ color: 'teal', message: 'Settings saved.' });
    },
  });

  const intervals = POLL_INTERVALS.some((p) => p.value === settings.pollInterval) || !settings.pollInterval
    ? POLL_INTERVALS
    : [{ value: settings.pollInterval, label: `Every ${settings.pollInterval}` }, ...POLL_INTERVALS];
  const dirty = (performAs ?? '') !== (settings.performAs ?? '') || (pollInterval ?? '') !== (settings.pollInterval ?? '');
  const setBy = settings.pollIntervalSetBy;

  return (
    <Section title="How assessbridge acts in Lever">
      <Select
        label="Perform actions as"
        description="Notes and tag changes in Lever are made in this person's name."
        placeholder={users.isPending ? 'Loading Lever users…' : 'Choose a Lever user'}
        data={(users.data ?? []).map((u) => ({ value: u.id, label: u.email ? `${u.name} (${u.email})` : u.name }))}
        value={performAs}
        onChange={setPerformAs}
        searchable
        nothingFoundMessage="No Lever user by that name"
        error={users.isError ? errorMessage(users.error) : undefined}
        maw={480}
        data-testid="settings-perform-as"
      />
      <ReadFrom source="Lever" read={users} />
      <Select
        label="Check for missed updates"
        description={pollIntervalNote(settings)}
        data={intervals}
        value={setBy ? settings.pollIntervalInEffect : pollInterval}
        onChange={setPollInterval}
        disabled={!!setBy}
        allowDeselect={false}
        maw={480}
        data-testid="settings-poll-interval"
      />
      <SaveRow save={save} dirty={dirty} testId="settings-save" />
    </Section>
  );
}

/** The team's own Lever partner app, which "Log in to Lever" uses. */
function LeverLoginForm({ settings }: { settings: Settings }) {
  const invalidate = useInvalidateTopics();
  const [clientId, setClientId] = useState(settings.leverOAuthClientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [redirectUrl, setRedirectUrl] = useState(settings.leverOAuthRedirectUrl ?? '');
  const save = useMutation({
    mutationFn: () =>
      api.saveSettings({
        leverOAuthClientId: clientId.trim(),
        leverOAuthRedirectUrl: redirectUrl.trim(),
        ...(clientSecret.trim() ? { leverOAuthClientSecret: clientSecret.trim() } : {}),
      }),
    onSuccess: () => {
      setClientSecret('');
      // Whether "Log in to Lever" can be used is part of the status.
      void invalidate('settings', 'status');
      notifications.show({ color: 'teal', message: 'Lever login settings saved.' });
    },
  });
  const dirty =
    clientId !== (settings.leverOAuthClientId ?? '') || redirectUrl !== (settings.leverOAuthRedirectUrl ?? '') || clientSecret !== '';
  return (
    <Section
      title="Lever login"
      description="To use “Log in to Lever” instead of an API key, register a partner app with Lever and enter it here. The redirect address must match the one registered, character for character."
    >
      <TextInput label="Client id" value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} maw={480} data-testid="settings-oauth-client-id" />
      <PasswordInput
        label="Client secret"
        placeholder={settings.leverOAuthClientSecretSet ? 'Kept — type to replace' : 'Paste the client secret'}
        value={clientSecret}
        onChange={(e) => setClientSecret(e.currentTarget.value)}
        autoComplete="off"
        maw={480}
        data-testid="settings-oauth-client-secret"
      />
      <TextInput
        label="Redirect address"
        description="For example http://127.0.0.1:8765/oauth/callback, or your public address followed by /oauth/callback."
        value={redirectUrl}
        onChange={(e) => setRedirectUrl(e.currentTarget.value)}
        maw={480}
        data-testid="settings-oauth-redirect"
      />
      <SaveRow save={save} dirty={dirty} testId="settings-oauth-save" />
    </Section>
  );
}

function AboutLine({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" fw={500} w={96} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId}>
        {children}
      </Text>
    </Group>
  );
}

/**
 * The version, and what a recruiter sends to whoever helps them. In a browser the diagnostics file
 * is a download; the desktop window's web view does not download, so there assessbridge saves it
 * into the Downloads folder itself and says where, and can open the data folder.
 */
function AboutSection() {
  const about = useAbout();
  const save = useMutation({ mutationFn: supportApi.saveDiagnostics });
  const open = useMutation({ mutationFn: supportApi.openDataFolder });
  const a = about.data;
  return (
    <Section
      title="About"
      description="If something goes wrong, save a diagnostics file and send it to whoever helps you. It tells them what assessbridge did and why; it holds no API key or password, but it does name the candidates in the last day's activity."
    >
      {about.isPending && <Loading label="Loading…" />}
      <StepError error={about.error} />
      {a && (
        <Stack gap={6}>
          <AboutLine label="Version" testId="about-version">
            {versionText(a)}
          </AboutLine>
          <AboutLine label="Computer" testId="about-system">
            {systemName(a)}
          </AboutLine>
          <Group mt="xs" gap="sm">
            {a.desktop ? (
              <Button
                leftSection={<IconDownload size={16} />}
                onClick={() => save.mutate()}
                loading={save.isPending}
                data-testid="about-save-diagnostics"
              >
                Save a diagnostics file
              </Button>
            ) : (
              <Button
                component="a"
                href={DIAGNOSTICS_PATH}
                download
                leftSection={<IconDownload size={16} />}
                data-testid="about-save-diagnostics"
              >
                Save a diagnostics file
              </Button>
            )}
            {a.desktop && (
              <Button
                variant="default"
                leftSection={<IconFolderOpen size={16} />}
                onClick={() => open.mutate()}
                loading={open.isPending}
                data-testid="about-open-data-folder"
              >
                Open data folder
              </Button>
            )}
          </Group>
          {save.data && (
            <Group gap="xs" wrap="nowrap" data-testid="about-saved">
              <Text size="sm">Saved to</Text>
              <CopyField value={save.data.path} label="Copy path" testId="about-saved-path" />
            </Group>
          )}
          <StepError error={save.error} />
          <StepError error={open.error} />
        </Stack>
      )}
    </Section>
  );
}

/** Who acts in Lever, how often to check, what notes look like, and where data is kept. */
export function SettingsPage() {
  const settings = useSettings();
  if (!settings.isSuccess) {
    return (
      <>
        <PageHeader title="Settings" />
        <QueryFallback query={settings} loading="Loading settings…" errorTitle="Could not load settings" />
      </>
    );
  }
  const s = settings.data;
  return (
    <>
      <PageHeader title="Settings" />
      <Stack gap="md">
        <BehaviourForm key={behaviourOf(s)} settings={s} />
        <LeverLoginForm settings={s} />
        <LifecycleSettings />
        <LaptopSettings />
        <Section title="Result note" description="When a candidate submits, a note like this is added to them in Lever.">
          <Code block data-testid="note-preview" style={{ whiteSpace: 'pre-wrap' }}>
            {s.notePreview || 'No preview available.'}
          </Code>
        </Section>
        <Section title="Where data is kept" description="Everything stays on this computer.">
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Data folder
            </Text>
            <CopyField value={s.dataDir} label="Copy path" testId="settings-data-dir" />
            <Text size="sm" fw={500} mt="xs">
              Secrets file (API keys)
            </Text>
            {s.secretsFile ? (
              <CopyField value={s.secretsFile} label="Copy path" testId="settings-secrets-file" />
            ) : (
              <Text size="sm" c="dimmed">
                Kept in the system keychain.
              </Text>
            )}
            {/* The figures are backend/workflow/prune.go's: ActivityRetention and deliveryMemory. */}
            <Text size="sm" fw={500} mt="xs">
              How long things are kept
            </Text>
            <Text size="sm" c="dimmed" data-testid="settings-retention">
              Candidates, invitations and results are kept until you delete the data folder. The activity log keeps 90
              days; older lines go once a day, except those of an invitation still under way and failed actions you
              can still retry, which stay until they are settled. What assessbridge notes only to avoid doing
              something twice (Lever deliveries already received, stage entries already decided) goes after two days,
              once it can no longer come back.
            </Text>
          </Stack>
        </Section>
        <AboutSection />
      </Stack>
    </>
  );
}
