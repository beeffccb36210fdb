import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch, reply } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import type { LaptopApp } from '../../api/laptop';
import { LaptopSettings } from './LaptopSettings';

const desktopApp = (enabled = false): LaptopApp => ({ desktop: true, startAtLogin: { available: true, enabled } });

describe('LaptopSettings', () => {
  it('shows nothing outside the desktop app', async () => {
    const { calls } = fakeFetch({
      'GET /api/app': {
        desktop: false,
        startAtLogin: { available: false, enabled: false, reason: 'assessbridge serve is started by the service manager.' },
      },
    });
    const { container } = renderWithProviders(<LaptopSettings />);
    await waitFor(() => expect(calls.some((c) => c.url === '/api/app')).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('laptop-settings')).not.toBeInTheDocument();
    expect(screen.queryByText('Quit assessbridge')).not.toBeInTheDocument();
    expect(container.querySelector('button')).toBeNull();
  });

  it('shows nothing where the API has no such endpoint', async () => {
    const { calls } = fakeFetch({});
    renderWithProviders(<LaptopSettings />);
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('laptop-settings')).not.toBeInTheDocument();
  });

  it('in the desktop app, explains why to start at login and what closing does, and turns it on', async () => {
    const { calls } = fakeFetch({
      'GET /api/app': desktopApp(false),
      'PUT /api/app/start-at-login': { available: true, enabled: true },
    });
    renderWithProviders(<LaptopSettings />);
    const toggle = await screen.findByRole('switch', { name: /Start assessbridge when I log in/ });
    expect(toggle).not.toBeChecked();
    expect(screen.getByTestId('laptop-settings')).toHaveTextContent(
      'Candidates are invited only while assessbridge is running',
    );
    expect(screen.getByTestId('laptop-settings')).toHaveTextContent('catches up with what it missed');
    expect(screen.getByTestId('closing-explained')).toHaveTextContent(
      'Closing the window does not stop assessbridge: it keeps inviting candidates until you quit it.',
    );
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { method: 'PUT', url: '/api/app/start-at-login', body: { enabled: true } },
    ]);
    expect(await screen.findByText('assessbridge will start when you log in.')).toBeInTheDocument();
  });

  it('turns it off', async () => {
    const { calls } = fakeFetch({
      'GET /api/app': desktopApp(true),
      'PUT /api/app/start-at-login': { available: true, enabled: false },
    });
    renderWithProviders(<LaptopSettings />);
    const toggle = await screen.findByRole('switch', { name: /Start assessbridge when I log in/ });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ enabled: false });
  });

  it('says why it could not change it, and leaves the switch as it was', async () => {
    fakeFetch({
      'GET /api/app': desktopApp(false),
      'PUT /api/app/start-at-login': reply(500, {
        error: 'assessbridge could not change whether it starts at login: permission denied',
        code: 'internal',
      }),
    });
    renderWithProviders(<LaptopSettings />);
    const toggle = await screen.findByRole('switch', { name: /Start assessbridge when I log in/ });
    await userEvent.click(toggle);
    expect(await screen.findByTestId('step-error')).toHaveTextContent('permission denied');
    expect(toggle).not.toBeChecked();
  });

  it('where starting at login is not available, says why and cannot be switched', async () => {
    fakeFetch({
      'GET /api/app': {
        desktop: true,
        startAtLogin: { available: false, enabled: false, reason: 'The demo does not start at login.' },
      },
    });
    renderWithProviders(<LaptopSettings />);
    const toggle = await screen.findByRole('switch', { name: /Start assessbridge when I log in/ });
    expect(toggle).toBeDisabled();
    expect(screen.getByTestId('laptop-settings')).toHaveTextContent('The demo does not start at login.');
    expect(screen.getByRole('button', { name: 'Quit assessbridge' })).toBeEnabled();
  });

  it('quits assessbridge', async () => {
    const { calls } = fakeFetch({ 'GET /api/app': desktopApp(false), 'POST /api/app/quit': reply(202, { quitting: true }) });
    renderWithProviders(<LaptopSettings />);
    await userEvent.click(await screen.findByRole('button', { name: 'Quit assessbridge' }));
    expect(await screen.findByText(/assessbridge is quitting/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/app/quit']);
    expect(screen.getByRole('button', { name: 'Quit assessbridge' })).toBeDisabled();
  });
});
