import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch, reply, type Call } from '../../test/fakeFetch';
import { invitation, status } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { DashboardPage } from './DashboardPage';

const common = {
  'GET /api/status': status({ setup: [] }),
  'GET /api/assessments': { assessments: [] },
  'GET /api/postings': { postings: [{ id: 'post-1', title: 'Backend Engineer' }] },
  'GET /api/funnel': {
    funnel: [{ assessmentId: 'a-1', title: 'Backend Challenge', invited: 10, started: 6, submitted: 3 }],
  },
};

describe('DashboardPage', () => {
  it('shows one row per candidate × assessment with status, score and links', async () => {
    fakeFetch({
      ...common,
      'GET /api/invitations': {
        invitations: [
          invitation(),
          invitation({
            id: 2,
            status: 'failed',
            score: null,
            passed: null,
            reportUrl: '',
            error: 'Qualified refused the invitation.',
            candidate: { ...invitation().candidate, name: 'Grace Hopper', email: 'grace@example.com' },
          }),
        ],
        total: 2,
      },
    });
    renderWithProviders(<DashboardPage />);

    const rows = await screen.findAllByTestId('invitation-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-status', 'submitted');
    expect(within(rows[0]).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(within(rows[0]).getByText('ada@example.com')).toBeInTheDocument();
    expect(within(rows[0]).getByTestId('invitation-score')).toHaveTextContent('82.5%');
    expect(within(rows[0]).getByTestId('pass-badge')).toHaveTextContent('Pass');
    expect(within(rows[0]).getByTestId('open-in-lever')).toHaveAttribute(
      'href',
      'https://hire.lever.co/candidates/opp-1',
    );
    expect(within(rows[0]).getByTestId('report-link')).toHaveAttribute('href', 'https://www.qualified.io/hire/reports/1');

    expect(rows[1]).toHaveAttribute('data-status', 'failed');
    expect(within(rows[1]).getByTestId('status-chip')).toHaveTextContent('Failed');
    expect(within(rows[1]).queryByTestId('report-link')).toBeNull();
    expect(within(rows[1]).getByTestId('invitation-retry')).toBeInTheDocument();

    expect(screen.getByTestId('invitation-total')).toHaveTextContent('1–2 of 2');
    expect(await screen.findByTestId('funnel-card')).toHaveTextContent('Backend Challenge');
  });

  it('explains how candidates appear when there are none', async () => {
    fakeFetch({ ...common, 'GET /api/invitations': { invitations: [], total: 0 } });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('No candidates yet');
    expect(screen.queryByTestId('invitation-row')).toBeNull();
  });

  it('asks the server for the chosen status and first page', async () => {
    const { calls } = fakeFetch({
      ...common,
      'GET /api/invitations': ({ url }: Call) =>
        url.includes('status=failed')
          ? { body: { invitations: [], total: 0 } }
          : { body: { invitations: [invitation()], total: 1 } },
    });
    renderWithProviders(<DashboardPage />);
    await screen.findAllByTestId('invitation-row');
    expect(calls.map((c) => c.url)).toContain('/api/invitations?sort=updated&limit=50&offset=0');

    await userEvent.click(screen.getByTestId('filter-status-failed'));
    expect(await screen.findByText('No one matches these filters')).toBeInTheDocument();
    expect(calls.map((c) => c.url)).toContain('/api/invitations?status=failed&sort=updated&limit=50&offset=0');
    expect(window.location.hash).toBe('#/dashboard?status=failed');
  });

  it('shows the API sentence when the list cannot be loaded', async () => {
    fakeFetch({
      ...common,
      'GET /api/invitations': reply(500, { error: 'The database is locked.', code: 'internal' }),
    });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByTestId('error-state')).toHaveTextContent('The database is locked.');
  });

  it('reads its filters from the address', async () => {
    window.location.hash = '#/dashboard?status=started&q=ada&page=2';
    const { calls } = fakeFetch({ ...common, 'GET /api/invitations': { invitations: [invitation()], total: 120 } });
    renderWithProviders(<DashboardPage />);
    await screen.findAllByTestId('invitation-row');
    await waitFor(() =>
      expect(calls.map((c) => c.url)).toContain('/api/invitations?status=started&q=ada&sort=updated&limit=50&offset=50'),
    );
    expect(screen.getByTestId('invitation-total')).toHaveTextContent('51–51 of 120');
  });
});
