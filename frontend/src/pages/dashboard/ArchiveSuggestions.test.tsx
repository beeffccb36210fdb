import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { ArchiveSuggestions } from './ArchiveSuggestions';

const suggestion = (id: number, name: string, extra: object = {}) => ({
  invitationId: id,
  candidate: { opportunityId: `opp-${id}`, name, email: '', postingId: '', postingTitle: '', profileUrl: '' },
  assessmentTitle: 'Backend Challenge', score: 41, outcome: 'failed', reasonId: 'reason-underqualified',
  reasonText: 'Underqualified', state: 'suggested', note: '', decidedAt: null, ...extra,
});

describe('ArchiveSuggestions', () => {
  it('shows nothing when there is nothing to approve', async () => {
    const { calls } = fakeFetch({ 'GET /api/archive-suggestions': { suggestions: [] } });
    renderWithProviders(<ArchiveSuggestions />);
    await expect.poll(() => calls.length).toBe(1);
    expect(screen.queryByRole('region', { name: 'Suggested archives' })).not.toBeInTheDocument();
  });

  it('archives the selected candidates after saying who, with which reason', async () => {
    const { calls } = fakeFetch({
      'GET /api/archive-suggestions': {
        suggestions: [
          suggestion(1, 'Ada Lovelace'),
          suggestion(2, 'Bob Byte'),
          suggestion(3, 'Cy Moved', { state: 'left', note: 'Cy Moved was not archived: someone moved them to another stage in Lever after the invitation.' }),
        ],
      },
      'POST /api/archive-suggestions/approve': { suggestions: [] },
    });
    renderWithProviders(<ArchiveSuggestions />);
    const region = await screen.findByRole('region', { name: 'Suggested archives' }, { timeout: 10_000 });
    expect(within(region).getByText(/someone moved them to another stage/)).toBeInTheDocument();
    expect(within(region).queryByRole('checkbox', { name: 'Select Cy Moved' })).not.toBeInTheDocument();

    await userEvent.click(within(region).getByRole('checkbox', { name: 'Select Ada Lovelace' }));
    await userEvent.click(within(region).getByRole('checkbox', { name: 'Select Bob Byte' }));
    await userEvent.click(within(region).getByRole('button', { name: 'Archive selected (2)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive in Lever?' });
    expect(dialog).toHaveTextContent('Archive 2 candidates in Lever: Ada Lovelace (Underqualified), Bob Byte (Underqualified)?');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Archive 2 candidates' }));
    await expect.poll(() => calls.find((c) => c.method === 'POST')?.body).toEqual({ ids: [1, 2] });
  }, 30_000);

  it('dismisses one suggestion after saying nothing is archived', async () => {
    const { calls } = fakeFetch({
      'GET /api/archive-suggestions': { suggestions: [suggestion(1, 'Ada Lovelace')] },
      'POST /api/archive-suggestions/dismiss': { suggestions: [] },
    });
    renderWithProviders(<ArchiveSuggestions />);
    await userEvent.click(await screen.findByRole('button', { name: 'Dismiss Ada Lovelace' }, { timeout: 10_000 }));
    const dialog = await screen.findByRole('dialog', { name: 'Dismiss the suggestion?' });
    expect(dialog).toHaveTextContent('nothing is archived');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    await expect.poll(() => calls.find((c) => c.url === '/api/archive-suggestions/dismiss')?.body).toEqual({ ids: [1] });
  }, 20_000);
});
