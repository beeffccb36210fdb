import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../../test/fakeFetch';
import { invitation } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { InvitationActions } from './InvitationActions';

describe('InvitationActions', () => {
  it('shows the due line and resends after a confirm that names the candidate and the assessment', async () => {
    const inv = invitation({ status: 'invited' });
    const { calls } = fakeFetch({
      'GET /api/invitation-deadlines': [{ id: inv.id, expiresAt: '2030-01-01T00:00:00Z', due: 'due in 3 days', cameBackAt: '' }],
      'POST /api/invitation-actions': { queued: [inv.id], skipped: [] },
    });
    renderWithProviders(<InvitationActions invitation={inv} />);
    expect(await screen.findByText('due in 3 days')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Actions for/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Resend invitation e-mail/ }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(inv.candidate.name);
    expect(dialog).toHaveTextContent(inv.assessmentTitle);
    expect(dialog).toHaveTextContent('One click sends one e-mail');
    await userEvent.click(screen.getByRole('button', { name: 'Resend the invitation e-mail' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'resend', ids: [inv.id], days: 0 });
  });

  it('says honestly that a deadline cannot be extended through Qualified', async () => {
    const inv = invitation({ status: 'invited' });
    fakeFetch({
      'GET /api/invitation-deadlines': [{ id: inv.id, expiresAt: '2030-01-01T00:00:00Z', due: 'due in 3 days', cameBackAt: '' }],
    });
    renderWithProviders(<InvitationActions invitation={inv} />);
    await userEvent.click(await screen.findByRole('button', { name: /Actions for/ }));
    await userEvent.click(await screen.findByRole('menuitem', { name: /Extend the deadline/ }));
    expect(await screen.findByRole('dialog')).toHaveTextContent("Qualified's API cannot change the deadline");
  });

  it('offers invite again with a new deadline to an expired candidate, and shows came back', async () => {
    const inv = invitation({ status: 'expired' });
    const { calls } = fakeFetch({
      'GET /api/invitation-deadlines': [{ id: inv.id, expiresAt: '2020-01-01T00:00:00Z', due: 'expired', cameBackAt: '2020-01-02T00:00:00Z' }],
      'POST /api/invitation-actions': { queued: [inv.id], skipped: [] },
    });
    renderWithProviders(<InvitationActions invitation={inv} />);
    expect(await screen.findByText('came back')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Actions for/ }));
    expect(screen.queryByRole('menuitem', { name: /Resend/ })).not.toBeInTheDocument();
    await userEvent.click(await screen.findByRole('menuitem', { name: /Invite again/ }));
    const days = await screen.findByLabelText(/New deadline, in days/);
    await userEvent.clear(days);
    await userEvent.type(days, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Invite again' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'retry', ids: [inv.id], days: 5 }));
  });
});
