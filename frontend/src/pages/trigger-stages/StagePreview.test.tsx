import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StagePreview as Preview } from '../../api/preview';
import { assessmentsOf } from '../../api/preview';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { StagePreview } from './StagePreview';

const coding = { id: 'stage-coding', text: 'Coding assessment', trigger: true, since: '2026-11-20T09:00:00Z' };
const phone = { id: 'stage-phone', text: 'Phone screen', trigger: false, since: null };

const preview: Preview = {
  stageId: 'stage-coding',
  stageName: 'Coding assessment',
  trigger: true,
  since: '2026-11-20T09:00:00Z',
  inStage: 4,
  more: false,
  scanLimit: 2000,
  invitable: 2,
  limit: 200,
  counts: [
    { reason: 'already-there', count: 2 },
    { reason: 'no-email', count: 1 },
    { reason: 'no-tag', count: 1 },
  ],
  candidates: [
    { opportunityId: 'opp-1', name: 'Erin Early', posting: 'Backend Engineer', assessments: ['Backend Challenge'], reason: 'already-there', invites: true, why: 'Was in the stage before it became a trigger stage.' },
    { opportunityId: 'opp-2', name: 'Quinn Patient', posting: 'Data Analyst', assessments: ['SQL Basics'], reason: 'already-there', invites: true, why: 'Was in the stage before it became a trigger stage.' },
    { opportunityId: 'opp-3', name: 'Sky Noaddress', posting: 'Product Designer', assessments: ['Data Structures'], reason: 'no-email', invites: false, why: 'No e-mail address in Lever.' },
    { opportunityId: 'opp-4', name: 'Reese Untagged', posting: 'Product Designer', assessments: [], reason: 'no-tag', invites: false, why: 'No tag names an assessment.' },
  ],
};

const slow = { timeout: 10_000 };

describe('StagePreview', () => {
  it('reads the stage only when asked, lists who is there and why, and invites them after saying what it will do', async () => {
    const { calls } = fakeFetch({
      'GET /api/stages/stage-coding/preview': preview,
      'POST /api/stages/invite-existing': { queued: 2 },
    });
    renderWithProviders(<StagePreview stage={coding} />);
    const open = screen.getByRole('button', { name: 'Already in this stage: Coding assessment' });
    expect(calls).toHaveLength(0);
    await userEvent.click(open);

    const dialog = await screen.findByRole('dialog', { name: 'Already in Coding assessment' }, slow);
    expect(await within(dialog).findByText(/2 candidates already in this stage carry an assessment tag/, {}, slow)).toBeInTheDocument();
    const table = within(dialog).getByRole('table', { name: 'Candidates already in the stage' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    expect(rows[2]).toHaveTextContent('Sky Noaddress');
    expect(rows[2]).toHaveTextContent('No · No e-mail');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Invite these 2' }));
    // Nothing is sent before the recruiter has read what will happen.
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    expect(within(dialog).getByText(/Backend Challenge \(1\), SQL Basics \(1\)/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Nobody is e-mailed twice/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send 2 invitations' }));

    await expect
      .poll(() => calls.find((c) => c.method === 'POST')?.body)
      .toEqual({ stageId: 'stage-coding', opportunityIds: ['opp-1', 'opp-2'] });
    expect(await within(dialog).findByText(/2 invitations on their way/)).toBeInTheDocument();
  }, 20_000);

  it('is the check before turning a stage on: no invitation until it is saved', async () => {
    fakeFetch({
      'GET /api/stages/stage-phone/preview': { ...preview, stageId: 'stage-phone', stageName: 'Phone screen', trigger: false, since: null },
    });
    renderWithProviders(<StagePreview stage={phone} />);
    await userEvent.click(screen.getByRole('button', { name: 'Already in this stage: Phone screen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Already in Phone screen' }, slow);
    expect(await within(dialog).findByText(/the 4 candidates in it now would be skipped/, {}, slow)).toBeInTheDocument();
    expect(within(dialog).getByText(/save the stage as a trigger, then you can invite them here/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /Invite these/ })).toBeNull();
  }, 20_000);

  it('says when the list is cut short', async () => {
    fakeFetch({ 'GET /api/stages/stage-coding/preview': { ...preview, inStage: 1234 } });
    renderWithProviders(<StagePreview stage={coding} />);
    await userEvent.click(screen.getByRole('button', { name: 'Already in this stage: Coding assessment' }));
    expect(await screen.findByText(/Showing the first 4 of 1,234/, {}, slow)).toBeInTheDocument();
  }, 20_000);
});

describe('assessmentsOf', () => {
  it('counts the invitations by assessment', () => {
    expect(assessmentsOf(preview.candidates.slice(0, 3))).toEqual([
      { title: 'Backend Challenge', count: 1 },
      { title: 'SQL Basics', count: 1 },
      { title: 'Data Structures', count: 1 },
    ]);
  });
});
