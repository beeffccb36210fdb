import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, type Call } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { calibration, challenges, chartsMeasured, funnel, scores, stalling, timing } from './fixtures';
import { InsightsPage } from './InsightsPage';

const answers = {
  'GET /api/insights/funnel': funnel,
  'GET /api/insights/stalling': stalling,
  'GET /api/insights/timing': timing,
  'GET /api/insights/scores': scores,
  'GET /api/insights/challenges': challenges,
  'GET /api/insights/calibration': calibration,
  'GET /api/assessments': { assessments: [{ id: 'a-1', title: 'Backend Challenge', passingScore: 70 }] },
  'GET /api/postings': { postings: [{ id: 'post-1', title: 'Backend Engineer' }] },
};

/** The query of the last request to a path, as a plain object. */
function lastQuery(calls: Call[], path: string): Record<string, string> {
  const call = calls.filter((c) => c.url.split('?')[0] === path).at(-1);
  if (!call) throw new Error(`no request to ${path}`);
  return Object.fromEntries(new URL(call.url, 'http://x').searchParams);
}

beforeEach(() => {
  chartsMeasured();
  // Only the date is fixed: the presets end on 6 December 2026.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-06T15:00:00Z'));
  window.location.hash = '#/insights';
});
afterEach(() => vi.useRealTimers());

describe('InsightsPage', () => {
  it('asks every chart for the last 90 days by default, and for the chosen period, assessment and posting after', async () => {
    const { calls } = fakeFetch(answers);
    renderWithProviders(<InsightsPage />);
    expect(screen.getByRole('heading', { level: 1, name: 'Insights' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    await screen.findByTestId('insights-funnel');
    for (const chart of ['funnel', 'timing', 'scores', 'challenges', 'calibration']) {
      expect(lastQuery(calls, `/api/insights/${chart}`)).toEqual({ from: '2026-09-08', to: '2026-12-06' });
    }
    expect(lastQuery(calls, '/api/insights/stalling')).toEqual({ from: '2026-09-08', to: '2026-12-06', days: '3' });

    await userEvent.click(screen.getByRole('radio', { name: '30 days' }));
    await waitFor(() => expect(lastQuery(calls, '/api/insights/funnel')).toEqual({ from: '2026-11-07', to: '2026-12-06' }));
    expect(window.location.hash).toBe('#/insights?period=30d');

    await userEvent.click(screen.getByRole('radio', { name: '12 months' }));
    await waitFor(() => expect(lastQuery(calls, '/api/insights/scores')).toEqual({ from: '2025-12-07', to: '2026-12-06' }));

    await userEvent.click(screen.getByLabelText('Assessment'));
    await userEvent.click(await screen.findByRole('option', { name: 'Backend Challenge', hidden: true }));
    await waitFor(() =>
      expect(lastQuery(calls, '/api/insights/calibration')).toEqual({ from: '2025-12-07', to: '2026-12-06', assessment: 'a-1' }),
    );

    await userEvent.click(screen.getByRole('radio', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-10-01');
    await waitFor(() =>
      expect(lastQuery(calls, '/api/insights/timing')).toEqual({ from: '2026-10-01', to: '2026-12-06', assessment: 'a-1' }),
    );
    expect(screen.getByTestId('insights-days')).toHaveTextContent('Invitations sent from 1 Oct 2026 to 6 Dec 2026.');
    // Seven charts drawn again for each choice: slow in jsdom on a shared machine.
  }, 30_000);

  it('reads the choice from the address', async () => {
    window.location.hash = '#/insights?period=6m&posting=post-1&days=7';
    const { calls } = fakeFetch(answers);
    renderWithProviders(<InsightsPage />);
    await screen.findByTestId('insights-funnel');
    expect(lastQuery(calls, '/api/insights/stalling')).toEqual({ from: '2026-06-07', to: '2026-12-06', posting: 'post-1', days: '7' });
  });

  it('resends the invitation to the candidates who have not started, after a confirmation', async () => {
    const { calls } = fakeFetch({ ...answers, 'POST /api/invitation-actions': { queued: [7, 9], skipped: [] } });
    renderWithProviders(<InsightsPage />);
    const card = await screen.findByTestId('insights-stalling');
    // The rows follow the card a step at a time.
    expect(await within(card).findAllByTestId('stalling-row')).toHaveLength(2);
    expect(within(card).getByRole('link', { name: 'Grace Hopper among the candidates' })).toHaveAttribute(
      'href',
      '#/dashboard?q=grace%40example.com',
    );
    expect(within(card).getByRole('link', { name: 'Grace Hopper in Lever' })).toHaveAttribute(
      'href',
      'https://hire.lever.co/candidates/opp-7',
    );
    await userEvent.click(within(card).getByRole('button', { name: 'Resend to these 2 candidates' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resend the invitation e-mail to 2 candidates' });
    expect(dialog).toHaveTextContent('Grace Hopper (Backend Challenge)');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resend to these 2 candidates' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST')).toEqual([
        { method: 'POST', url: '/api/invitation-actions', body: { action: 'resend', ids: [7, 9], days: 0 } },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('asks for the candidates waiting longer when N changes', async () => {
    const { calls } = fakeFetch(answers);
    renderWithProviders(<InsightsPage />);
    const days = within(await screen.findByTestId('insights-stalling')).getByRole('textbox', { name: 'Waiting more than (days)' });
    await userEvent.clear(days);
    await userEvent.type(days, '10');
    await waitFor(() => expect(lastQuery(calls, '/api/insights/stalling').days).toBe('10'));
  });
});
