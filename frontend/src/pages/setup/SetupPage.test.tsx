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
    expect(lever).toHaveTextContent("Logging in to Lever needs your team's Lever partner app");
  });

  it('shows the keys the demo promises when it starts with nothing connected', async () => {
    fakeFetch({
      'GET /api/status': status({ demo: true, demoKeys: { lever: 'lever-test-key', qualified: 'qualified-test-key' } }),
    });
    renderWithProviders(<SetupPage />);
    const keys = await screen.findByTestId('demo-keys');
    expect(within(keys).getByTestId('demo-key-lever')).toHaveTextContent('lever-test-key');
    expect(within(keys).getByTestId('demo-key-qualified')).toHaveTextContent('qualified-test-key');
  });

  it('shows no demo keys outside such a demo', async () => {
    fakeFetch({ 'GET /api/status': status() });
    renderWithProviders(<SetupPage />);
    await screen.findByTestId('setup-step-lever');
    expect(screen.queryByTestId('demo-keys')).not.toBeInTheDocument();
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

  it('shows where to paste the webhook address when assessbridge may not register it', async () => {
    fakeFetch({
      'GET /api/status': status({
        publicUrl: 'https://hooks.example.com',
        webhook: {
          registered: false,
          error: 'assessbridge may not manage webhooks with this key.',
          manualUrl: 'https://hooks.example.com/webhooks/lever',
          manualWhere: 'open Settings → Integrations and API → Webhooks in Lever',
        },
      }),
    });
    renderWithProviders(<SetupPage />);
    const manual = await screen.findByTestId('webhook-manual');
    expect(manual).toHaveTextContent('open Settings → Integrations and API → Webhooks in Lever');
    expect(within(manual).getByTestId('webhook-manual-url')).toHaveTextContent('https://hooks.example.com/webhooks/lever');
  });

  it('disconnects Lever only after a confirmation', async () => {
    const connected = status({
      lever: { connected: true, environment: 'production', method: 'apiKey', error: '' },
      setup: status().setup.map((s) => (s.id === 'lever' ? { ...s, done: true } : s)),
    });
    const { calls } = fakeFetch({
      'GET /api/status': connected,
      'POST /api/setup/lever/disconnect': { warning: '' },
    });
    renderWithProviders(<SetupPage />);
    await userEvent.click(await screen.findByTestId('lever-disconnect'));
    expect(calls.some((c) => c.url === '/api/setup/lever/disconnect')).toBe(false);
    expect(screen.getByTestId('lever-disconnect-confirm')).toHaveTextContent('removes the webhook');
    await userEvent.click(screen.getByTestId('lever-disconnect-yes'));
    await expect.poll(() => calls.filter((c) => c.url === '/api/setup/lever/disconnect').length).toBe(1);
  });
});
