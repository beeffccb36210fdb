import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch, reply, type Call } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import type { About } from '../../api/support';
import { invalidateTopics } from '../../api/topics';
import type { Settings } from '../../api/types';
import { SettingsPage, pollIntervalNote } from './SettingsPage';

const settings = {
  performAs: '',
  pollInterval: '5m',
  pollIntervalInEffect: '5m',
  dataDir: '/home/riley/.local/share/assessbridge',
  secretsFile: '',
  notePreview: '',
};

const about: About = {
  version: '0.9.0',
  commit: '1a2b3c4d5e6f',
  modified: false,
  os: 'linux',
  arch: 'amd64',
  go: 'go1.26.0',
  dataDir: '/home/riley/.local/share/assessbridge',
  keys: 'keychain',
  logFile: '/home/riley/.local/share/assessbridge/logs/assessbridge.log',
  desktop: false,
};

// The whole page renders, forms and all: slow on a busy machine.
const slow = { timeout: 10_000 };

async function aboutSection() {
  return screen.findByRole('region', { name: 'About' }, slow);
}

describe('pollIntervalNote', () => {
  const base = { ...settings, leverOAuthClientId: '', leverOAuthRedirectUrl: '', leverOAuthClientSecretSet: false } as Settings;
  it('says only why the check runs when the choice is the one in effect', () => {
    expect(pollIntervalNote(base)).not.toMatch(/every/);
  });
  it('says a new choice is taken at the next start', () => {
    expect(pollIntervalNote({ ...base, pollInterval: '1h' })).toMatch(/every 5m until assessbridge next starts, then every 1h/);
  });
  it('names what sets the interval when Settings cannot', () => {
    expect(pollIntervalNote({ ...base, pollIntervalInEffect: '10m', pollIntervalSetBy: 'ASSESSBRIDGE_POLL_INTERVAL' })).toMatch(
      /every 10m, set by ASSESSBRIDGE_POLL_INTERVAL/,
    );
  });
});

describe('SettingsPage', () => {
  it('says how long the activity log and the rest are kept', async () => {
    fakeFetch({ 'GET /api/settings': settings, 'GET /api/users': { users: [] }, 'GET /api/about': about });
    renderWithProviders(<SettingsPage />);
    const retention = await screen.findByText(/The activity log keeps 90 days/, {}, slow);
    expect(retention).toHaveTextContent('The activity log keeps 90 days');
    expect(retention).toHaveTextContent('invitation still under way');
    expect(retention).toHaveTextContent('failed actions you can still retry');
  }, 20_000);

  it('has the page title as its heading and every section one level below, About last', async () => {
    fakeFetch({ 'GET /api/settings': settings, 'GET /api/users': { users: [] }, 'GET /api/about': about });
    renderWithProviders(<SettingsPage />);
    await aboutSection();
    const headings = screen.getAllByRole('heading');
    expect(headings[0]).toHaveTextContent('Settings');
    const level = (h: HTMLElement) => Number(h.tagName.slice(1));
    expect(level(headings[0])).toBe(1);
    for (const h of headings.slice(1)) expect(level(h)).toBe(level(headings[0]) + 1);
    expect(headings[headings.length - 1]).toHaveTextContent('About');
  }, 20_000);

  it('in a browser, shows the version and offers the diagnostics file as a download', async () => {
    const { calls } = fakeFetch({ 'GET /api/settings': settings, 'GET /api/users': { users: [] }, 'GET /api/about': about });
    renderWithProviders(<SettingsPage />);
    const section = within(await aboutSection());
    expect(await section.findByTestId('about-version')).toHaveTextContent('0.9.0 (commit 1a2b3c4d5e6f)');
    expect(section.getByTestId('about-system')).toHaveTextContent('Linux (amd64)');
    const link = section.getByRole('link', { name: 'Save a diagnostics file' });
    expect(link).toHaveAttribute('href', '/api/diagnostics');
    expect(link).toHaveAttribute('download');
    // The data folder is on the server: its path is shown to copy, not opened.
    expect(section.queryByRole('button', { name: 'Open data folder' })).toBeNull();
    expect(screen.getByTestId('settings-data-dir')).toHaveTextContent(settings.dataDir);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  }, 20_000);

  it('in the desktop window, saves the diagnostics file and says where, and opens the data folder', async () => {
    const saved = '/home/riley/Downloads/assessbridge-diagnostics-20260309-0705.txt';
    const { calls } = fakeFetch({
      'GET /api/settings': settings,
      'GET /api/users': { users: [] },
      'GET /api/about': { ...about, desktop: true, os: 'darwin', arch: 'arm64', modified: true },
      'POST /api/diagnostics/save': { path: saved },
      'POST /api/data-folder/open': { path: settings.dataDir },
    });
    renderWithProviders(<SettingsPage />);
    const section = within(await aboutSection());
    expect(await section.findByTestId('about-version')).toHaveTextContent('0.9.0 (commit 1a2b3c4d5e6f, with changes)');
    expect(section.getByTestId('about-system')).toHaveTextContent('macOS (arm64)');
    // No link: the window's web view does not download.
    expect(section.queryByRole('link', { name: 'Save a diagnostics file' })).toBeNull();
    await userEvent.click(section.getByRole('button', { name: 'Save a diagnostics file' }));
    expect(await section.findByTestId('about-saved')).toHaveTextContent(`Saved to${saved}`);
    expect(section.getByRole('button', { name: `Copy path: ${saved}` })).toBeInTheDocument();
    await userEvent.click(section.getByRole('button', { name: 'Open data folder' }));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/diagnostics/save', '/api/data-folder/open']);
  }, 20_000);

  it('in the desktop window, says why the file could not be saved or the folder opened', async () => {
    fakeFetch({
      'GET /api/settings': settings,
      'GET /api/users': { users: [] },
      'GET /api/about': { ...about, desktop: true },
      'POST /api/diagnostics/save': reply(500, { error: 'The diagnostics file could not be saved in /home/riley/Downloads: disk full', code: 'internal' }),
      'POST /api/data-folder/open': reply(500, { error: 'The data folder could not be opened (no file manager).', code: 'internal' }),
    });
    renderWithProviders(<SettingsPage />);
    const section = within(await aboutSection());
    await userEvent.click(await section.findByRole('button', { name: 'Save a diagnostics file' }));
    expect(await section.findByText(/could not be saved in \/home\/riley\/Downloads: disk full/)).toBeInTheDocument();
    expect(section.queryByTestId('about-saved')).toBeNull();
    await userEvent.click(section.getByRole('button', { name: 'Open data folder' }));
    expect(await section.findByText(/could not be opened \(no file manager\)/)).toBeInTheDocument();
  }, 20_000);

  it('starts its form from the saved settings, and starts again from them once they change', async () => {
    let saved: Settings = { ...settings, performAs: 'user-riley' } as Settings;
    const { calls } = fakeFetch({
      'GET /api/settings': () => ({ body: saved }),
      'GET /api/users': { users: [{ id: 'user-riley', name: 'Riley', email: 'riley@example.com' }] },
      'GET /api/about': about,
      'PUT /api/settings': ({ body }: Call) => {
        saved = { ...saved, ...(body as Partial<Settings>) };
        return { body: saved };
      },
    });
    const { client } = renderWithProviders(<SettingsPage />);
    const interval = await screen.findByRole('combobox', { name: 'Check for missed updates' }, slow);
    expect(interval).toHaveValue('Every 5 minutes');
    expect(await screen.findByDisplayValue('Riley (riley@example.com)', {}, slow)).toBeInTheDocument();
    const save = within(screen.getByRole('region', { name: 'How assessbridge acts in Lever' })).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    // jsdom has no layout: Mantine marks the list it cannot place as hidden.
    await userEvent.click(interval);
    await userEvent.click(await screen.findByRole('option', { name: 'Every hour', hidden: true }));
    expect(interval).toHaveValue('Every hour');
    expect(save).toBeEnabled();
    await userEvent.click(save);
    await expect.poll(() => calls.find((c) => c.method === 'PUT')?.body).toEqual({ performAs: 'user-riley', pollInterval: '1h' });
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    await expect
      .poll(() => within(screen.getByRole('region', { name: 'How assessbridge acts in Lever' })).getByRole('button', { name: 'Save' }))
      .toBeDisabled();
    expect(screen.getByRole('combobox', { name: 'Check for missed updates' })).toHaveValue('Every hour');

    // Changed elsewhere (another window, `serve` flags): the form shows what is now saved.
    saved = { ...saved, pollInterval: '15m' };
    await invalidateTopics(client, ['settings']);
    await expect
      .poll(() => (screen.getByRole('combobox', { name: 'Check for missed updates' }) as HTMLInputElement).value)
      .toBe('Every 15 minutes');
  }, 20_000);

  it("says when Lever's users were read, and Refresh reads only them again", async () => {
    const { calls } = fakeFetch({
      'GET /api/settings': settings,
      'GET /api/users': { users: [{ id: 'user-riley', name: 'Riley', email: '' }] },
      'GET /api/about': about,
    });
    renderWithProviders(<SettingsPage />);
    const section = within(await screen.findByRole('region', { name: 'How assessbridge acts in Lever' }, slow));
    expect(await section.findByText(/Read from Lever/)).toHaveTextContent('Read from Lever just now');
    await userEvent.click(section.getByRole('button', { name: 'Refresh' }));
    await expect.poll(() => calls.filter((c) => c.url === '/api/users').length).toBe(2);
    expect(calls.filter((c) => c.url === '/api/settings')).toHaveLength(1);
  }, 20_000);
});
