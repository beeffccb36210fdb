import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../test/render';
import { ToggleTip } from './ToggleTip';

// jsdom has no layout: Mantine marks a tooltip it cannot place as hidden, so queries include hidden ones.
const tip = () => screen.queryByRole('tooltip', { hidden: true });

describe('ToggleTip', () => {
  it('is a button described by its tip, and draws no tooltip until asked', () => {
    renderWithProviders(<ToggleTip tip="Qualified refused the invitation.">Failed</ToggleTip>);
    const button = screen.getByRole('button', { name: 'Failed' });
    expect(button).toHaveAccessibleDescription('Qualified refused the invitation.');
    expect(tip()).toBeNull();
  });

  it('shows its tip when reached by keyboard, hides it on Escape and when the focus moves on', async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <>
        <ToggleTip tip="Qualified refused the invitation.">Failed</ToggleTip>
        <button type="button">Next</button>
      </>,
    );
    await user.tab();
    expect(screen.getByRole('button', { name: 'Failed' })).toHaveFocus();
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('Qualified refused the invitation.');

    await user.keyboard('{Escape}');
    await expect.poll(tip).toBeNull();
    expect(screen.getByRole('button', { name: 'Failed' })).toHaveFocus();

    // Enter opens it again and keeps it; Tab away hides it.
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('Qualified refused the invitation.');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveFocus();
    await expect.poll(tip).toBeNull();
  });

  it('shows on hover, stays open once clicked, and closes on a second click', async () => {
    const user = userEvent.setup();
    renderWithProviders(<ToggleTip tip={'Time spent: 1h 05m\nRate limiter (go): 90%'}>82.5%</ToggleTip>);
    const button = screen.getByRole('button', { name: '82.5%' });
    await user.hover(button);
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('Rate limiter (go): 90%');
    await user.unhover(button);
    await expect.poll(tip).toBeNull();

    await user.click(button);
    await user.unhover(button);
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('Time spent: 1h 05m');
    await user.click(button);
    await expect.poll(tip).toBeNull();
  });
});
