import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch, reply } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { START_AT_LOGIN_DISMISSED, type LaptopApp } from '../../api/laptop';
import { StartAtLoginSuggestion } from './StartAtLoginSuggestion';

const app = (over: Partial<LaptopApp['startAtLogin']> = {}, desktop = true): LaptopApp => ({
  desktop,
  startAtLogin: { available: true, enabled: false, ...over },
});

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('StartAtLoginSuggestion', () => {
  beforeEach(() => window.localStorage.clear());

  it('says nothing, and asks nothing, before the integration is live', async () => {
    const { calls } = fakeFetch({ 'GET /api/app': app() });
    renderWithProviders(<StartAtLoginSuggestion live={false} />);
    await settle();
    expect(calls).toEqual([]);
    expect(screen.queryByTestId('start-at-login-suggestion')).not.toBeInTheDocument();
  });

  it('once live in the desktop app, offers to start at login, and goes once it is on', async () => {
    const { calls } = fakeFetch({
      'GET /api/app': app(),
      'PUT /api/app/start-at-login': { available: true, enabled: true },
    });
    renderWithProviders(<StartAtLoginSuggestion live />);
    const card = await screen.findByTestId('start-at-login-suggestion');
    expect(card).toHaveTextContent('Start assessbridge when you log in?');
    expect(card).toHaveTextContent('Candidates are invited only while assessbridge is running');
    await userEvent.click(screen.getByRole('button', { name: 'Start at login' }));
    await waitFor(() => expect(screen.queryByTestId('start-at-login-suggestion')).not.toBeInTheDocument());
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { method: 'PUT', url: '/api/app/start-at-login', body: { enabled: true } },
    ]);
  });

  it('stays, with the reason, when turning it on failed', async () => {
    fakeFetch({
      'GET /api/app': app(),
      'PUT /api/app/start-at-login': reply(500, { error: 'assessbridge could not change whether it starts at login: disk full', code: 'internal' }),
    });
    renderWithProviders(<StartAtLoginSuggestion live />);
    await userEvent.click(await screen.findByRole('button', { name: 'Start at login' }));
    expect(await screen.findByTestId('step-error')).toHaveTextContent('disk full');
    expect(screen.getByTestId('start-at-login-suggestion')).toBeInTheDocument();
  });

  it('"Not now" is remembered', async () => {
    const { calls } = fakeFetch({ 'GET /api/app': app() });
    const first = renderWithProviders(<StartAtLoginSuggestion live />);
    await userEvent.click(await screen.findByRole('button', { name: 'Not now' }));
    expect(screen.queryByTestId('start-at-login-suggestion')).not.toBeInTheDocument();
    expect(window.localStorage.getItem(START_AT_LOGIN_DISMISSED)).toBe('1');
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    first.unmount();

    const before = calls.length;
    renderWithProviders(<StartAtLoginSuggestion live />);
    await settle();
    expect(screen.queryByTestId('start-at-login-suggestion')).not.toBeInTheDocument();
    expect(calls.length).toBe(before);
  });

  for (const [what, answer] of [
    ['already starts at login', app({ enabled: true })],
    ['cannot start at login', app({ available: false, reason: 'The demo does not start at login.' })],
    ['is not the desktop app', app({ available: false }, false)],
  ] as const) {
    it(`says nothing when assessbridge ${what}`, async () => {
      const { calls } = fakeFetch({ 'GET /api/app': answer });
      renderWithProviders(<StartAtLoginSuggestion live />);
      await waitFor(() => expect(calls.length).toBe(1));
      await settle();
      expect(screen.queryByTestId('start-at-login-suggestion')).not.toBeInTheDocument();
    });
  }
});
