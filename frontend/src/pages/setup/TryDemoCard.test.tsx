import { describe, expect, it, vi } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Status } from '../../api/types';
import { workspaceKey } from '../../api/workspace';
import { fakeFetch, reply } from '../../test/fakeFetch';
import { status } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { SetupPage } from './SetupPage';
import { TryDemoCard } from './TryDemoCard';

const notDesktop = reply(404, { error: 'No such API endpoint.', code: 'not_found' });

describe('TryDemoCard', () => {
  it('offers the demo on Setup in the desktop app while nothing is set up, in a recruiter\'s words', async () => {
    fakeFetch({ 'GET /api/status': status(), 'GET /api/workspace': { workspace: 'real' } });
    renderWithProviders(<SetupPage />);
    const card = await screen.findByTestId('try-demo', {}, { timeout: 5000 });
    expect(card).toHaveTextContent('Nothing is sent to real candidates.');
    expect(card).toHaveTextContent('Your real setup is kept as it is');
    expect(screen.getByRole('button', { name: 'Try it with simulated accounts' })).toBeEnabled();
  });

  it('opens the demo and then reloads onto it', async () => {
    const onSwitched = vi.fn();
    const { calls } = fakeFetch({
      'GET /api/workspace': { workspace: 'real' },
      'PUT /api/workspace': { workspace: 'demo' },
    });
    renderWithProviders(<TryDemoCard status={status()} onSwitched={onSwitched} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Try it with simulated accounts' }));
    await expect.poll(() => onSwitched.mock.calls).toEqual([['demo']]);
    expect(calls.find((c) => c.method === 'PUT')).toEqual({ method: 'PUT', url: '/api/workspace', body: { workspace: 'demo' } });
  });

  it('says why when the demo cannot open, and stays on the real setup', async () => {
    const onSwitched = vi.fn();
    fakeFetch({
      'GET /api/workspace': { workspace: 'real' },
      'PUT /api/workspace': reply(500, {
        error: 'The demo could not start: no room left on the disk. Your real setup is still open, as it was.',
        code: 'internal',
      }),
    });
    renderWithProviders(<TryDemoCard status={status()} onSwitched={onSwitched} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Try it with simulated accounts' }));
    expect(
      await screen.findByText('The demo could not start: no room left on the disk. Your real setup is still open, as it was.'),
    ).toBeInTheDocument();
    expect(onSwitched).not.toHaveBeenCalled();
  });

  const hidden: [string, Status, unknown][] = [
    ['outside the desktop app (serve, assessbridge demo)', status(), notDesktop],
    ['while the demo itself is open', status({ demo: true }), { workspace: 'demo' }],
    [
      'while the real integration is live (Lever connected and a trigger stage)',
      status({
        lever: { connected: true, environment: 'production', method: 'apikey', error: '' },
        triggerStages: [{ stageId: 'stage-1', name: 'Coding assessment', since: '2026-11-20T09:00:00Z' }],
      }),
      { workspace: 'real' },
    ],
    ['once Lever is connected', status({ lever: { connected: true, environment: 'sandbox', error: '' } }), { workspace: 'real' }],
    ['once Qualified is connected', status({ qualified: { connected: true, error: '' } }), { workspace: 'real' }],
    [
      'when a Lever login was kept and has stopped working',
      status({ lever: { connected: false, error: 'Lever ended the login: log in again.' } }),
      { workspace: 'real' },
    ],
    [
      'once a trigger stage is chosen',
      status({ triggerStages: [{ stageId: 'stage-1', name: 'Coding assessment', since: '2026-11-20T09:00:00Z' }] }),
      { workspace: 'real' },
    ],
  ];
  it.each(hidden)('is not offered %s', async (_name, st, workspace) => {
    fakeFetch({ 'GET /api/status': st, 'GET /api/workspace': workspace });
    const { client } = renderWithProviders(<SetupPage />);
    await screen.findByTestId('setup-progress', {}, { timeout: 5000 });
    // The workspace's answer has arrived and been drawn.
    await expect.poll(() => client.getQueryState(workspaceKey)?.status, { timeout: 5000 }).toBe('success');
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId('try-demo')).toBeNull();
  });
});
