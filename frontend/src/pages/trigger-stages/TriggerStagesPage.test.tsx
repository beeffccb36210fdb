import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Stage } from '../../api/types';
import { fakeFetch } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { TriggerStagesPage, withTriggers } from './TriggerStagesPage';

const stages: Stage[] = [
  { id: 'stage-phone', text: 'Phone screen', trigger: false, since: null },
  { id: 'stage-coding', text: 'Coding assessment', trigger: true, since: '2026-11-20T09:00:00Z' },
];
const saved = [{ stageId: 'stage-coding', name: 'Coding assessment', since: '2026-11-20T09:00:00Z' }];

// Each test renders the whole page: slow on a busy machine.
const slow = { timeout: 10_000 };

describe('withTriggers', () => {
  it('marks the stages saved as triggers here, with their time', () => {
    const now = [{ stageId: 'stage-phone', name: 'Phone screen', since: '2026-11-25T12:00:00Z' }];
    expect(withTriggers(stages, now)).toEqual([
      { id: 'stage-phone', text: 'Phone screen', trigger: true, since: '2026-11-25T12:00:00Z' },
      { id: 'stage-coding', text: 'Coding assessment', trigger: false, since: null },
    ]);
  });

  it("keeps Lever's answer, as the same objects, when the trigger stages agree or are not read yet", () => {
    const same = withTriggers(stages, saved);
    expect(same[0]).toBe(stages[0]);
    expect(same[1]).toBe(stages[1]);
    expect(withTriggers(stages, undefined)).toBe(stages);
  });
});

describe('TriggerStagesPage', () => {
  it("says when Lever's stages were read, and Refresh reads only them again", async () => {
    const { calls } = fakeFetch({ 'GET /api/stages': { stages }, 'GET /api/trigger-stages': { triggerStages: saved } });
    renderWithProviders(<TriggerStagesPage />);
    expect(await screen.findByRole('checkbox', { name: 'Coding assessment' }, slow)).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Phone screen' })).not.toBeChecked();
    expect(screen.getByText(/Read from Lever/)).toHaveTextContent('Read from Lever just now');

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await expect.poll(() => calls.filter((c) => c.url === '/api/stages').length).toBe(2);
    expect(calls.filter((c) => c.url === '/api/trigger-stages')).toHaveLength(1);
  }, 20_000);

  it('saves the choice and shows it as saved without asking Lever again', async () => {
    const { calls } = fakeFetch({
      'GET /api/stages': { stages },
      'GET /api/trigger-stages': { triggerStages: saved },
      'GET /api/status': {},
      'PUT /api/trigger-stages': {
        triggerStages: [...saved, { stageId: 'stage-phone', name: 'Phone screen', since: '2026-11-25T12:00:00Z' }],
      },
    });
    renderWithProviders(<TriggerStagesPage />);
    const phone = await screen.findByRole('checkbox', { name: 'Phone screen' }, slow);
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    await userEvent.click(phone);
    expect(phone).toBeChecked();
    expect(screen.getByText('Becomes a trigger when saved')).toBeInTheDocument();
    await userEvent.click(save);

    await expect.poll(() => calls.find((c) => c.method === 'PUT')?.body).toEqual({ stageIds: ['stage-coding', 'stage-phone'] });
    expect(await screen.findByText('Trigger stages saved.')).toBeInTheDocument();
    expect(screen.queryByText('Becomes a trigger when saved')).toBeNull();
    expect(screen.getAllByText('Trigger since')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    expect(calls.filter((c) => c.url === '/api/stages')).toHaveLength(1);
  }, 20_000);

  it('undoes changes back to the saved choice', async () => {
    fakeFetch({ 'GET /api/stages': { stages }, 'GET /api/trigger-stages': { triggerStages: saved } });
    renderWithProviders(<TriggerStagesPage />);
    const coding = await screen.findByRole('checkbox', { name: 'Coding assessment' }, slow);
    await userEvent.click(coding);
    expect(coding).not.toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Undo changes' }));
    expect(coding).toBeChecked();
    expect(screen.queryByRole('button', { name: 'Undo changes' })).toBeNull();
  }, 20_000);

  it('says why the stages could not be read from Lever', async () => {
    fakeFetch({ 'GET /api/trigger-stages': { triggerStages: [] } });
    renderWithProviders(<TriggerStagesPage />);
    const alert = await screen.findByRole('alert', { name: "Could not load Lever's stages" }, slow);
    expect(alert).toHaveTextContent('No fake for GET /api/stages.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  }, 20_000);
});
