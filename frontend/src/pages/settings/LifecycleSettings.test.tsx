import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { LifecycleSettings } from './LifecycleSettings';

describe('LifecycleSettings', () => {
  it('explains the switch, shows it on, and turns it off', async () => {
    const { calls } = fakeFetch({
      'GET /api/lifecycle/settings': { cancelOnArchive: true },
      'PUT /api/lifecycle/settings': { cancelOnArchive: false },
    });
    renderWithProviders(<LifecycleSettings />);
    const toggle = await screen.findByRole('switch', { name: /Cancel the invitation when a candidate is archived/ });
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).toBeChecked();
    expect(screen.getByTestId('lifecycle-settings')).toHaveTextContent('cancels it in Qualified');
    expect(screen.getByTestId('lifecycle-settings')).toHaveTextContent('An invitation not yet sent is never sent');
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { method: 'PUT', url: '/api/lifecycle/settings', body: { cancelOnArchive: false } },
    ]);
    expect(await screen.findByText('An archived candidate’s invitation will be left open.')).toBeInTheDocument();
  });
});
