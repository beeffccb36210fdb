import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch, reply } from '../../test/fakeFetch';
import { status } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { SetupPage } from './SetupPage';

describe('SetupPage', () => {
  it('lists the steps with the next one marked and the OAuth button disabled with its reason', async () => {
    fakeFetch({ 'GET /api/status': status() });
    renderWithProviders(<SetupPage />);
    const lever = await screen.findByTestId('setup-step-lever');
    expect(within(lever).getByText('Next')).toBeInTheDocument();
    expect(screen.getByTestId('setup-progress')).toHaveTextContent('0 of 7 steps done');
    expect(screen.getByTestId('lever-oauth')).toBeDisabled();
    expect(lever).toHaveTextContent('OAuth sign-in arrives with Lever partner registration; use an API key for now');
  });

  it('shows the error sentence the status reports for a step', async () => {
    fakeFetch({
      'GET /api/status': status({
        qualified: { connected: false, error: 'Qualified no longer accepts the saved API key.' },
      }),
    });
    renderWithProviders(<SetupPage />);
    const step = await screen.findByTestId('setup-step-qualified');
    expect(within(step).getByTestId('step-error')).toHaveTextContent('Qualified no longer accepts the saved API key.');
  });

  it('shows Lever\'s refusal of a key plainly, and sends the chosen environment', async () => {
    const { calls } = fakeFetch({
      'GET /api/status': status(),
      'POST /api/setup/lever': reply(400, { error: 'Lever refused this API key: it is missing the stages permission.', code: 'invalid' }),
    });
    renderWithProviders(<SetupPage />);
    const step = await screen.findByTestId('setup-step-lever');
    await userEvent.click(within(step).getByText('Sandbox'));
    await userEvent.type(within(step).getByTestId('lever-api-key'), 'abc123');
    await userEvent.click(within(step).getByTestId('lever-connect'));
    expect(await within(step).findByTestId('step-error')).toHaveTextContent(
      'Lever refused this API key: it is missing the stages permission.',
    );
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ apiKey: 'abc123', environment: 'sandbox' });
  });

  it('turns the delivery check green once Lever has delivered', async () => {
    let arrived = false;
    fakeFetch({
      'GET /api/status': status(),
      'POST /api/setup/test-delivery': () => ({ body: { arrived, lastDeliveryAt: arrived ? '2026-11-25T16:00:00Z' : null } }),
    });
    renderWithProviders(<SetupPage />);
    const button = await screen.findByTestId('check-delivery');
    expect(button).toHaveAttribute('data-arrived', 'false');

    await userEvent.click(button);
    expect(await screen.findByTestId('no-delivery')).toBeInTheDocument();
    expect(screen.getByTestId('check-delivery')).toHaveAttribute('data-arrived', 'false');

    arrived = true;
    await userEvent.click(screen.getByTestId('check-delivery'));
    expect(await screen.findByText('Delivery received')).toBeInTheDocument();
    expect(screen.getByTestId('check-delivery')).toHaveAttribute('data-arrived', 'true');
  });
});
