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

const failedAda = invitation({
  id: 2,
  status: 'failed',
  score: null,
  passed: null,
  reportUrl: '',
  error: 'Qualified refused the invitation.',
  candidate: { ...invitation().candidate, name: 'Grace Hopper', email: 'grace@example.com' },
});

/** The table's rows of candidates, below its row of headings. */
async function candidateRows() {
  const table = await screen.findByRole('table');
  await within(table).findAllByRole('cell');
  return within(table).getAllByRole('row').slice(1);
}

describe('DashboardPage', () => {
  it('says under the score what the routing rules decided, and beside the due line when Qualified reminds', async () => {
    const routed = invitation({
      routing: { outcome: 'passed', moveTo: 'On-site interview', move: 'done', archiveMode: 'off', archive: '', note: '' },
    });
    const waiting = invitation({
      id: 3,
      status: 'invited',
      score: null,
      passed: null,
      candidate: { ...invitation().candidate, name: 'Grace Hopper', email: 'grace@example.com' },
    });
    fakeFetch({
      ...common,
      'GET /api/invitations': { invitations: [routed, waiting], total: 2 },
      'GET /api/invitation-deadlines': [
        { id: 3, expiresAt: '2099-03-20T00:00:00Z', reminderAt: '2099-03-18T12:00:00Z', due: 'due in 5 days', cameBackAt: '' },
      ],
    });
    renderWithProviders(<DashboardPage />);
    const [ada, grace] = await candidateRows();
    const scoreCell = within(ada).getByRole('button', { name: /^82\.5%/ }).closest('td') as HTMLElement;
    expect(within(scoreCell).getByText('Passed — moved to On-site interview')).toBeInTheDocument();
    expect(await within(grace).findByText('due in 5 days')).toBeInTheDocument();
    expect(within(grace).getByText(/^reminder /)).toBeInTheDocument();
    expect(within(grace).queryByText(/^Passed/)).toBeNull();
  });

  it('shows one row per candidate × assessment with status, score and links', async () => {
    fakeFetch({ ...common, 'GET /api/invitations': { invitations: [invitation(), failedAda], total: 2 } });
    renderWithProviders(<DashboardPage />);

    const rows = await candidateRows();
    expect(rows).toHaveLength(2);
    const [ada, grace] = rows.map((row) => within(row));
    expect(rows[0]).toHaveAttribute('data-status', 'submitted');
    expect(ada.getByText('Ada Lovelace')).toBeInTheDocument();
    expect(ada.getByText('ada@example.com')).toBeInTheDocument();
    const score = ada.getByRole('button', { name: /^82\.5%/ });
    expect(score).toHaveTextContent('82.5%');
    expect(score).toHaveTextContent('Pass');
    expect(ada.getByRole('link', { name: 'Open in Lever' })).toHaveAttribute('href', 'https://hire.lever.co/candidates/opp-1');
    expect(ada.getByRole('link', { name: 'Report' })).toHaveAttribute('href', 'https://www.qualified.io/hire/reports/1');

    expect(rows[1]).toHaveAttribute('data-status', 'failed');
    expect(grace.getByRole('button', { name: 'Failed' })).toHaveTextContent('Failed');
    expect(grace.queryByRole('link', { name: 'Report' })).toBeNull();
    expect(grace.getByRole('button', { name: 'Retry invitation of Grace Hopper' })).toBeInTheDocument();

    expect(screen.getByText('1–2 of 2')).toBeInTheDocument();
    expect(await screen.findByTestId('funnel-card')).toHaveTextContent('Backend Challenge');
  });

  it("gives a failed invitation's reason and the challenges' scores to the keyboard and the screen reader", async () => {
    const user = userEvent.setup();
    fakeFetch({ ...common, 'GET /api/invitations': { invitations: [invitation(), failedAda], total: 2 } });
    renderWithProviders(<DashboardPage />);
    const [ada, grace] = (await candidateRows()).map((row) => within(row));

    const failed = grace.getByRole('button', { name: 'Failed' });
    expect(failed).toHaveAccessibleDescription('Qualified refused the invitation.');
    const score = ada.getByRole('button', { name: /^82\.5%/ });
    expect(score).toHaveAccessibleDescription(/^Time spent: 1h 05m\s+Rate limiter \(go\): 90%$/);

    // Tab moves through the page in order: the score comes first, then the failed status.
    const tabTo = async (target: HTMLElement) => {
      for (let i = 0; i < 40 && document.activeElement !== target; i++) await user.tab();
      expect(target).toHaveFocus();
    };
    await tabTo(score);
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('Rate limiter (go): 90%');
    await tabTo(failed);
    await expect.poll(() => screen.queryAllByRole('tooltip', { hidden: true }).map((t) => t.textContent)).toEqual([
      'Qualified refused the invitation.',
    ]);
    await user.keyboard('{Escape}');
    await expect.poll(() => screen.queryByRole('tooltip', { hidden: true })).toBeNull();
  });

  it('explains how candidates appear when there are none', async () => {
    fakeFetch({ ...common, 'GET /api/invitations': { invitations: [], total: 0 } });
    renderWithProviders(<DashboardPage />);
    expect(await screen.findByText('No candidates yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
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
    await candidateRows();
    expect(calls.map((c) => c.url)).toContain('/api/invitations?sort=updated&limit=50&offset=0');

    await userEvent.click(screen.getByRole('checkbox', { name: 'Failed' }));
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
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is locked.');
  });

  it('reads its filters from the address', async () => {
    window.location.hash = '#/dashboard?status=started&q=ada&page=2';
    const { calls } = fakeFetch({ ...common, 'GET /api/invitations': { invitations: [invitation()], total: 120 } });
    renderWithProviders(<DashboardPage />);
    await candidateRows();
    await waitFor(() =>
      expect(calls.map((c) => c.url)).toContain('/api/invitations?status=started&q=ada&sort=updated&limit=50&offset=50'),
    );
    expect(screen.getByText('51–51 of 120')).toBeInTheDocument();
  });
});
