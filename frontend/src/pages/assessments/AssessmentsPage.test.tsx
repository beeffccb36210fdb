import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Assessment } from '../../api/types';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { AssessmentsPage } from './AssessmentsPage';

const backend: Assessment = {
  id: 'a-1',
  title: 'Backend Challenge',
  passingScore: 70,
  published: true,
  tag: 'Backend Challenge',
  tags: { invited: 'Backend Challenge - Invited', started: 'Backend Challenge - Started', submitted: 'Backend Challenge - Submitted' },
  counts: { pending: 0, invited: 2, started: 0, submitted: 1, expired: 0, failed: 0, closed: 0 },
};

describe('AssessmentsPage', () => {
  it("lists Qualified's assessments, says when they were read, and Refresh reads them again", async () => {
    const { calls } = fakeFetch({ 'GET /api/assessments': { assessments: [backend] } });
    renderWithProviders(<AssessmentsPage />);
    expect(await screen.findByRole('link', { name: 'Backend Challenge' }, { timeout: 10_000 })).toHaveAttribute(
      'href',
      '#/dashboard?assessment=a-1',
    );
    expect(screen.getByRole('cell', { name: '70%' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Invited 2' })).toHaveAttribute('href', '#/dashboard?assessment=a-1&status=invited');
    expect(screen.getByText(/Read from Qualified/)).toHaveTextContent('Read from Qualified just now');

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await expect.poll(() => calls.filter((c) => c.url === '/api/assessments').length).toBe(2);
  }, 20_000);
});
