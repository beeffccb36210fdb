import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { STATUSES } from '../api/types';
import { renderWithProviders } from '../test/render';
import { STATUS_LOOK, StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it.each(STATUSES)('shows %s with its label and status attribute', (status) => {
    renderWithProviders(<StatusChip status={status} />);
    const chip = screen.getByTestId('status-chip');
    expect(chip).toHaveTextContent(STATUS_LOOK[status].label);
    expect(chip).toHaveAttribute('data-status', status);
  });

  it('gives every status its own colour', () => {
    const colours = STATUSES.map((s) => STATUS_LOOK[s].color);
    expect(new Set(colours).size).toBe(STATUSES.length);
  });

  it('labels the statuses in the recruiter\'s words', () => {
    expect(STATUSES.map((s) => STATUS_LOOK[s].label)).toEqual([
      'Pending',
      'Invited',
      'Started',
      'Expired',
      'Submitted',
      'Closed',
      'Failed',
    ]);
  });

  it('makes the reason a failed invitation gives reachable by keyboard and screen reader', async () => {
    const user = userEvent.setup();
    renderWithProviders(<StatusChip status="failed" reason="Qualified refused the invitation: the e-mail is not valid." />);
    const chip = screen.getByRole('button', { name: 'Failed' });
    expect(chip).toHaveAccessibleDescription('Qualified refused the invitation: the e-mail is not valid.');
    await user.tab();
    expect(chip).toHaveFocus();
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('the e-mail is not valid');
  });

  it('keeps a status without a reason out of the way of the keyboard', () => {
    renderWithProviders(<StatusChip status="invited" />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows an unknown status as it came', () => {
    renderWithProviders(<StatusChip status="archived" />);
    expect(screen.getByTestId('status-chip')).toHaveTextContent('archived');
  });
});
