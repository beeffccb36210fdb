import { describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Assessment } from '../../api/types';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { RoutingRules } from './RoutingRules';

const title = 'Backend Challenge';
const counts = { pending: 0, invited: 0, started: 0, submitted: 0, expired: 0, failed: 0, closed: 0 };
const tags = { invited: `${title} - Invited`, started: `${title} - Started`, submitted: `${title} - Submitted` };
const backend: Assessment = { id: 'a-1', title, passingScore: 70, published: true, tag: title, tags, counts };

const off = {
  assessmentId: 'a-1', saved: false, cut: 'verdict', cutScore: 0, reviewFrom: null, outcomeTags: false,
  passStageId: '', passStageName: '', failArchive: 'off', failReasonId: '', failReasonText: '',
};

const routes = {
  'GET /api/assessments/a-1/routing': off,
  'GET /api/status': { lever: { connected: true } },
  'GET /api/stages': {
    stages: [
      { id: 'assess', text: 'Coding assessment', trigger: true, since: null },
      { id: 'onsite', text: 'On-site', trigger: true, since: null },
    ],
  },
  'GET /api/archive-reasons': {
    reasons: [
      { id: 'reason-underqualified', text: 'Underqualified', type: 'non-hired' },
      { id: 'reason-hired', text: 'Hired', type: 'hired' },
    ],
  },
};

describe('RoutingRules', () => {
  it('starts all off, explains each control, and saves what the recruiter chose', async () => {
    const { calls } = fakeFetch({
      ...routes,
      'PUT /api/assessments/a-1/routing': (call: { body: unknown }) => ({ body: { ...off, ...(call.body as object), saved: true } }),
    });
    renderWithProviders(<RoutingRules assessment={backend} />);
    const verdict = await screen.findByRole('radio', { name: "Qualified's own verdict (its passing score, 70%)" }, { timeout: 10_000 });
    expect(verdict).toBeChecked();
    expect(screen.getByRole('switch', { name: /Add an outcome tag/ })).not.toBeChecked();
    expect(screen.getByText(/“Backend Challenge - Passed”, “Backend Challenge - Review” or “Backend Challenge - Failed”/)).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Leave them where they are' })).toBeChecked();

    await userEvent.click(screen.getByRole('radio', { name: 'A score I set' }));
    const cut = screen.getByRole('textbox', { name: 'Passing score (%)' });
    await userEvent.clear(cut);
    await userEvent.type(cut, '75');
    await userEvent.click(screen.getByRole('checkbox', { name: /needs review/ }));
    await userEvent.click(screen.getByRole('switch', { name: /Add an outcome tag/ }));
    await userEvent.click(screen.getByRole('combobox', { name: 'On a pass, move the candidate to' }));
    await userEvent.click(await screen.findByRole('option', { name: 'On-site (a trigger stage)', hidden: true }));
    expect(screen.getByTestId('loop-note')).toHaveTextContent('invites no one there');
    await userEvent.click(screen.getByRole('radio', { name: 'Suggest archiving on the dashboard, for me to approve' }));
    await userEvent.click(await screen.findByRole('combobox', { name: 'Archive reason' }));
    expect(screen.queryByRole('option', { name: 'Hired', hidden: true })).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('option', { name: 'Underqualified', hidden: true }));
    await userEvent.click(screen.getByRole('button', { name: 'Save routing rules' }));

    await expect.poll(() => calls.find((c) => c.method === 'PUT')?.body).toEqual({
      cut: 'score', cutScore: 75, reviewFrom: 65, outcomeTags: true, passStageId: 'onsite',
      failArchive: 'suggest', failReasonId: 'reason-underqualified',
    });
  }, 30_000);

  it('keeps what the recruiter is choosing when the same rules are read again', async () => {
    const { calls } = fakeFetch(routes);
    const { client } = renderWithProviders(<RoutingRules assessment={backend} />);
    await userEvent.click(await screen.findByRole('radio', { name: 'A score I set' }, { timeout: 10_000 }));
    // Every change in the engine refreshes the assessments, and so these rules.
    await act(() => client.refetchQueries());
    expect(calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/assessments/a-1/routing')).length).toBeGreaterThan(1);
    expect(screen.getByRole('radio', { name: 'A score I set' })).toBeChecked();
  }, 20_000);

  it("shows the API's reason when a save is refused", async () => {
    fakeFetch({
      ...routes,
      'PUT /api/assessments/a-1/routing': () => ({
        status: 400, body: { error: 'The review band must start below the passing score (70%).', code: 'invalid' },
      }),
    });
    renderWithProviders(<RoutingRules assessment={backend} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Save routing rules' }, { timeout: 10_000 }));
    expect(await screen.findByText('The review band must start below the passing score (70%).')).toBeInTheDocument();
  }, 20_000);
});
