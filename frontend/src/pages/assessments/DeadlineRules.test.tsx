import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../api/types';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { DeadlineRules } from './DeadlineRules';

const assessment = { id: 'a1', title: 'Backend Challenge' } as Assessment;

describe('DeadlineRules', () => {
  it('is off by default and saves a deadline and a reminder', async () => {
    const { calls } = fakeFetch({
      'GET /api/deadline-rules': [],
      'PUT /api/deadline-rules/a1': [{ assessmentId: 'a1', expireDays: 7, remindDays: 3, qualifiedDefaults: false, suggestArchive: false }],
    });
    renderWithProviders(<DeadlineRules assessment={assessment} />);
    const toggle = await screen.findByRole('switch', { name: /Give candidates a deadline/ });
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    expect(screen.getByLabelText(/Expire after/)).toHaveValue('7');
    await userEvent.click(screen.getByRole('button', { name: 'Save deadline' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        assessmentTitle: 'Backend Challenge',
        expireDays: 7,
        remindDays: 3,
        qualifiedDefaults: false,
        suggestArchive: false,
      }),
    );
  });
});
