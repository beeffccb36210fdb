import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../test/fakeFetch';
import { invitation } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { InvitationTable } from './InvitationTable';

const ada = invitation({ id: 1, status: 'invited' });
const bob = invitation({
  id: 2,
  status: 'invited',
  candidate: { ...ada.candidate, opportunityId: 'opp-2', name: 'Bob Byte', email: 'bob@example.com' },
});
const cy = invitation({
  id: 3,
  status: 'expired',
  candidate: { ...ada.candidate, opportunityId: 'opp-3', name: 'Cy Late', email: 'cy@example.com' },
});
const noDeadlines = { 'GET /api/invitation-deadlines': [] };

describe('choosing candidates on the dashboard', () => {
  it('shows no bar until a candidate is chosen, then resends to the chosen ones in one request after a confirm', async () => {
    const { calls } = fakeFetch({ ...noDeadlines, 'POST /api/invitation-actions': { queued: [1, 2], skipped: [] } });
    renderWithProviders(<InvitationTable invitations={[ada, bob, cy]} />);
    expect(screen.queryByRole('region', { name: 'Chosen candidates' })).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('checkbox', { name: /Choose Ada Lovelace/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: /Choose Bob Byte/ }));
    const bar = screen.getByRole('region', { name: 'Chosen candidates' });
    expect(bar).toHaveTextContent('2 candidates chosen');
    // Not every chosen invitation can be given a second go.
    expect(within(bar).queryByRole('button', { name: 'Invite again' })).not.toBeInTheDocument();
    await userEvent.click(within(bar).getByRole('button', { name: 'Resend invitation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resend the invitation e-mail to 2 candidates' });
    expect(dialog).toHaveTextContent('Ada Lovelace (Backend Challenge)');
    expect(dialog).toHaveTextContent('Bob Byte (Backend Challenge)');
    expect(dialog).toHaveTextContent('never two');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Resend the invitation e-mail to 2 candidates' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'resend', ids: [1, 2], days: 0 });
    expect(await screen.findByText('Resend invitation: 2 candidates on the way')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Chosen candidates' })).not.toBeInTheDocument());
  });

  it('chooses the whole page at once, and leaves out and names those an action does not fit', async () => {
    const { calls } = fakeFetch({ ...noDeadlines, 'POST /api/invitation-actions': { queued: [1], skipped: [] } });
    renderWithProviders(<InvitationTable invitations={[ada, cy]} />);
    await screen.findByRole('checkbox', { name: /Choose Ada Lovelace/ });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Choose every candidate on this page' }));
    expect(screen.getByRole('checkbox', { name: /Choose Cy Late/ })).toBeChecked();
    const bar = screen.getByRole('region', { name: 'Chosen candidates' });
    expect(bar).toHaveTextContent('2 candidates chosen');
    await userEvent.click(within(bar).getByRole('button', { name: 'Resend invitation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resend the invitation e-mail to 1 candidate' });
    expect(dialog).toHaveTextContent('Left out, as this does not fit their invitation now: Cy Late (Backend Challenge)');
    await userEvent.click(within(dialog).getByRole('button', { name: /^Resend the invitation e-mail/ }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'resend', ids: [1], days: 0 }));
    // Clicked again, the page's box chooses nobody.
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Choose every candidate on this page' })).not.toBeChecked());
  });

  it('offers invite again with a new deadline when every chosen invitation allows it, and cancels after a confirm', async () => {
    const cy2 = invitation({ ...cy, id: 4, assessmentTitle: 'Frontend Challenge' });
    const { calls } = fakeFetch({ ...noDeadlines, 'POST /api/invitation-actions': { queued: [3, 4], skipped: [] } });
    renderWithProviders(<InvitationTable invitations={[cy, cy2]} />);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Choose every candidate on this page' }));
    const bar = screen.getByRole('region', { name: 'Chosen candidates' });
    expect(within(bar).getByRole('button', { name: 'Resend invitation' })).toBeDisabled();
    await userEvent.click(within(bar).getByRole('button', { name: 'Invite again' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite 2 candidates again' });
    expect(dialog).toHaveTextContent('Cy Late (Frontend Challenge)');
    const days = within(dialog).getByLabelText(/New deadline, in days/);
    await userEvent.clear(days);
    await userEvent.type(days, '4');
    expect(dialog).toHaveTextContent('due in 4 days');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Invite 2 candidates again' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'retry', ids: [3, 4], days: 4 }));
  });

  it('cancels the chosen invitations only after the confirm says what happens', async () => {
    const { calls } = fakeFetch({ ...noDeadlines, 'POST /api/invitation-actions': { queued: [1], skipped: [{ id: 3, reason: 'Already closed.' }] } });
    renderWithProviders(<InvitationTable invitations={[ada, cy]} />);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Choose every candidate on this page' }));
    await userEvent.click(within(screen.getByRole('region', { name: 'Chosen candidates' })).getByRole('button', { name: 'Cancel invitation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the invitations of 2 candidates' });
    expect(dialog).toHaveTextContent('the link stops working');
    await userEvent.click(within(dialog).getByRole('button', { name: "Don't" }));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.click(within(screen.getByRole('region', { name: 'Chosen candidates' })).getByRole('button', { name: 'Cancel invitation' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel the invitations of 2 candidates' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'cancel', ids: [1, 3], days: 0 }));
    expect(await screen.findByText(/Not done for Cy Late \(Backend Challenge\): Already closed\./)).toBeInTheDocument();
  });
});
