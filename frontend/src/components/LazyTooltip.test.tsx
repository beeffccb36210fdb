import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Badge } from '@mantine/core';
import { renderWithProviders } from '../test/render';
import { LazyTooltip } from './LazyTooltip';

// jsdom has no layout: Mantine marks a tooltip it cannot place as hidden, so queries include hidden ones.
describe('LazyTooltip', () => {
  it('draws no tooltip until hovered, then shows its text and hides it when the pointer leaves', async () => {
    renderWithProviders(
      <LazyTooltip label="25 Nov 2026, 12:00:00">
        <Badge data-testid="target">5 min ago</Badge>
      </LazyTooltip>,
    );
    const target = screen.getByTestId('target');
    expect(screen.queryByRole('tooltip', { hidden: true })).toBeNull();

    await userEvent.hover(target);
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('25 Nov 2026, 12:00:00');

    await userEvent.unhover(screen.getByTestId('target'));
    await expect.poll(() => screen.queryByRole('tooltip', { hidden: true })).toBeNull();

    await userEvent.hover(screen.getByTestId('target'));
    expect(await screen.findByRole('tooltip', { hidden: true })).toHaveTextContent('25 Nov 2026, 12:00:00');
  });

  it('keeps the target\'s own hover handlers', async () => {
    let entered = 0;
    renderWithProviders(
      <LazyTooltip label="hint">
        <Badge data-testid="target" onMouseEnter={() => entered++}>
          x
        </Badge>
      </LazyTooltip>,
    );
    await userEvent.hover(screen.getByTestId('target'));
    expect(entered).toBe(1);
  });
});
