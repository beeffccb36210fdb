import { describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { workspaceKey } from '../api/workspace';
import { fakeFetch, reply } from '../test/fakeFetch';
import { status } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { DemoBanner } from './DemoBanner';

describe('DemoBanner', () => {
  it('says the demo is open, that nothing reaches real candidates, and leads back to the real setup', async () => {
    const onSwitched = vi.fn();
    const { calls } = fakeFetch({
      'GET /api/workspace': { workspace: 'demo' },
      'PUT /api/workspace': { workspace: 'real' },
    });
    renderWithProviders(<DemoBanner onSwitched={onSwitched} />);
    const banner = await screen.findByTestId('demo-banner', {}, { timeout: 5000 });
    expect(banner).toHaveTextContent('You are trying assessbridge with simulated accounts');
    expect(banner).toHaveTextContent('nothing is sent to real candidates');
    expect(banner).toHaveTextContent('Your real setup is kept as it is.');
    await userEvent.click(screen.getByRole('button', { name: 'Back to my real setup' }));
    await expect.poll(() => onSwitched.mock.calls).toEqual([['real']]);
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ workspace: 'real' });
  });

  it('keeps the demo and says why when the real setup cannot be opened', async () => {
    const onSwitched = vi.fn();
    fakeFetch({
      'GET /api/workspace': { workspace: 'demo' },
      'PUT /api/workspace': reply(409, {
        error: 'Your real setup could not be opened: another assessbridge on this computer is using its data folder. The demo is still open.',
        code: 'conflict',
      }),
    });
    renderWithProviders(<DemoBanner onSwitched={onSwitched} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Back to my real setup' }));
    expect(await screen.findByText(/another assessbridge on this computer is using its data folder/)).toBeInTheDocument();
    expect(screen.getByTestId('demo-banner')).toBeInTheDocument();
    expect(onSwitched).not.toHaveBeenCalled();
  });

  it.each([
    ['on the real setup', { workspace: 'real' }],
    ['outside the desktop app', reply(404, { error: 'No such API endpoint.', code: 'not_found' })],
  ])('is not shown %s', async (_name, workspace) => {
    fakeFetch({ 'GET /api/workspace': workspace });
    const { client } = renderWithProviders(<DemoBanner />);
    await expect.poll(() => client.getQueryState(workspaceKey)?.status, { timeout: 5000 }).toBe('success');
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId('demo-banner')).toBeNull();
  });

  it.each(['#/dashboard', '#/setup', '#/activity', '#/settings'])('is on every screen of the demo: %s', async (hash) => {
    window.location.hash = hash;
    fakeFetch({ 'GET /api/workspace': { workspace: 'demo' }, 'GET /api/status': status({ demo: true }) });
    renderWithProviders(<App />);
    expect(await screen.findByTestId('demo-banner', {}, { timeout: 5000 })).toHaveTextContent('Back to my real setup');
  });
});
