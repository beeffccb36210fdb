import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { SettingsPage } from './SettingsPage';

describe('SettingsPage', () => {
  it('says how long the activity log and the rest are kept', async () => {
    fakeFetch({
      'GET /api/settings': {
        performAs: '',
        pollInterval: '5m',
        dataDir: '/home/riley/.local/share/assessbridge',
        secretsFile: '',
        notePreview: '',
      },
      'GET /api/users': { users: [] },
    });
    renderWithProviders(<SettingsPage />);
    // The whole page renders, form and all: slow on a busy machine.
    const retention = await screen.findByTestId('settings-retention', {}, { timeout: 10_000 });
    expect(retention).toHaveTextContent('The activity log keeps 90 days');
    expect(retention).toHaveTextContent('invitation still under way');
    expect(retention).toHaveTextContent('failed actions you can still retry');
  }, 20_000);
});
