import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch } from '../../test/fakeFetch';
import { status } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { PublicAddressStep } from './PublicAddressStep';

describe('PublicAddressStep', () => {
  it('shows why a tunnel failed', () => {
    fakeFetch({});
    renderWithProviders(
      <PublicAddressStep
        status={status({
          publicAddress: { mode: 'quick', state: 'failed', url: '', error: 'the quick-tunnel service could not be reached', editable: true },
        })}
      />,
    );
    expect(screen.getByTestId('tunnel-card')).toHaveAttribute('data-state', 'failed');
    expect(screen.getByTestId('tunnel-state')).toHaveTextContent('Failed');
    expect(screen.getByTestId('tunnel-error')).toHaveTextContent('could not be reached');
  });

  it('offers no change when --public-url fixes the address', () => {
    fakeFetch({});
    renderWithProviders(
      <PublicAddressStep
        status={status({ publicAddress: { mode: 'flag', state: 'connected', url: 'https://hooks.example.com', error: '', editable: false } })}
      />,
    );
    expect(screen.getByTestId('tunnel-url')).toHaveTextContent('https://hooks.example.com');
    expect(screen.queryByTestId('tunnel-change')).toBeNull();
  });

  it('sends an own address', async () => {
    const { calls } = fakeFetch({ 'PUT /api/setup/public-address': {}, 'GET /api/status': status() });
    renderWithProviders(
      <PublicAddressStep status={status({ publicAddress: { mode: 'quick', state: 'connected', url: 'https://a.trycloudflare.com', error: '', editable: true } })} />,
    );
    await userEvent.click(screen.getByTestId('tunnel-change'));
    await userEvent.click(screen.getByTestId('tunnel-mode-own'));
    await userEvent.type(screen.getByTestId('tunnel-own-url'), 'https://hooks.example.com');
    await userEvent.click(screen.getByTestId('tunnel-save'));
    await expect
      .poll(() => calls.find((c) => c.method === 'PUT')?.body)
      .toEqual({ mode: 'own', url: 'https://hooks.example.com' });
  });
});
