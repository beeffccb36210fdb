import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
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
      'Submitted',
      'Closed',
      'Failed',
    ]);
  });

  it('shows an unknown status as it came', () => {
    renderWithProviders(<StatusChip status="expired" />);
    expect(screen.getByTestId('status-chip')).toHaveTextContent('expired');
  });
});
