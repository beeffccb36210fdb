import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import { invitation } from '../../test/fixtures';
import { LeverLife } from './LeverLife';

describe('LeverLife', () => {
  it('shows nothing when Lever reported nothing', () => {
    renderWithProviders(<LeverLife invitation={invitation()} />);
    expect(screen.queryByTestId('lever-life')).not.toBeInTheDocument();
  });

  it.each([
    [{ state: 'archived', stateAt: null, hiredAt: null, cancelled: true }, 'archived in Lever — invitation cancelled'],
    [{ state: 'archived', stateAt: null, hiredAt: null, cancelled: false }, 'archived in Lever'],
    [{ state: 'unarchived', stateAt: null, hiredAt: null, cancelled: false }, 'unarchived'],
    [{ state: '', stateAt: null, hiredAt: '2026-12-01T10:00:00Z', cancelled: false }, 'hired'],
    [{ state: 'archived', stateAt: null, hiredAt: '2026-12-01T10:00:00Z', cancelled: false }, 'archived in Lever · hired'],
  ] as const)('says %j as %s', (lever, text) => {
    renderWithProviders(<LeverLife invitation={invitation({ lever: { ...lever } })} />);
    expect(screen.getByTestId('lever-life')).toHaveTextContent(text);
  });
});
