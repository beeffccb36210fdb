import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReportPreview, ReportSettings as Settings, ReportSettingsChange } from '../../api/report';
import type { Assessment } from '../../api/types';
import { fakeFetch, reply, type Call } from '../../test/fakeFetch';
import { renderWithProviders } from '../../test/render';
import { ReportSettings } from './ReportSettings';

const title = 'Backend Challenge';
const counts = { pending: 0, invited: 0, started: 0, submitted: 0, expired: 0, failed: 0, closed: 0 };
const tags = { invited: `${title} - Invited`, started: `${title} - Started`, submitted: `${title} - Submitted` };
const backend: Assessment = { id: 'a-1', title, passingScore: 70, published: true, tag: title, tags, counts };

const defaultTemplate = '{assessment}: {score}\nReport: {report}';
const fields = [
  { name: 'candidate', description: "The candidate's name" },
  { name: 'score', description: 'The score in percent' },
  { name: 'report', description: "A link to Qualified's report" },
];

const saved: Settings = {
  assessmentId: 'a-1',
  saved: true,
  deliverAs: 'note',
  attachReport: true,
  integrity: false,
  noteTemplate: 'Score: {score}',
  defaultTemplate,
  fields,
};

const defaults: Settings = { ...saved, saved: false, attachReport: false, noteTemplate: '' };

const path = 'a-1/report';
const get = `GET /api/assessments/${path}`;
const put = `PUT /api/assessments/${path}`;
const post = `POST /api/assessments/${path}/preview`;

async function loaded() {
  return screen.findByRole('radio', { name: /A note on the candidate/ }, { timeout: 10_000 });
}

const template = () => screen.getByRole('textbox', { name: 'Note template' }) as HTMLTextAreaElement;
const saveButton = () => screen.getByRole('button', { name: 'Save report settings' });

describe('ReportSettings', () => {
  it('shows the saved settings and keeps Save off until something changes', async () => {
    fakeFetch({ [get]: saved });
    renderWithProviders(<ReportSettings assessment={backend} />);
    expect(await loaded()).toBeChecked();
    expect(screen.getByRole('radio', { name: /A feedback form/ })).not.toBeChecked();
    expect(screen.getByRole('switch', { name: /Add Qualified's PDF report as a file/ })).toBeChecked();
    expect(screen.getByRole('switch', { name: /Say the integrity check's result/ })).not.toBeChecked();
    expect(template()).toHaveValue('Score: {score}');
    expect(screen.getByText(/A last line naming the Qualified result is always added, so the same result is never written twice/)).toBeInTheDocument();
    expect(screen.getByText(/the note links to the report instead/)).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();

    await userEvent.click(screen.getByRole('switch', { name: /Say the integrity check's result/ }));
    expect(saveButton()).toBeEnabled();
    await userEvent.click(screen.getByRole('switch', { name: /Say the integrity check's result/ }));
    expect(saveButton()).toBeDisabled();
  }, 20_000);

  it('writes out the default template while the assessment runs on the defaults', async () => {
    fakeFetch({ [get]: defaults });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    expect(template()).toHaveValue(defaultTemplate);
    expect(screen.getByRole('button', { name: 'Use the default' })).toBeDisabled();
    expect(screen.getByText(`${title} follows the defaults until you save.`)).toBeInTheDocument();
  }, 20_000);

  it('hides the note template for a feedback form, and keeps it for going back', async () => {
    fakeFetch({ [get]: saved });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    await userEvent.click(screen.getByRole('radio', { name: /A feedback form/ }));
    expect(screen.queryByRole('textbox', { name: 'Note template' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Insert \{score\}/ })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: /A note on the candidate/ }));
    expect(template()).toHaveValue('Score: {score}');
  }, 20_000);

  it('inserts a field at the cursor, replacing a selection, and goes back to the default', async () => {
    fakeFetch({ [get]: saved });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    const box = template();
    box.focus();
    box.setSelectionRange(0, 0);
    await userEvent.click(screen.getByRole('button', { name: "Insert {candidate}: The candidate's name" }));
    expect(box).toHaveValue('{candidate}Score: {score}');
    // The cursor lands after the field and the box has the focus again: typing goes on from there.
    await expect.poll(() => document.activeElement).toBe(box);
    await expect.poll(() => box.selectionStart).toBe('{candidate}'.length);
    await userEvent.keyboard(' - ');
    expect(box).toHaveValue('{candidate} - Score: {score}');

    // A selection is replaced by the field.
    const at = box.value.indexOf('{score}');
    box.setSelectionRange(at, at + '{score}'.length);
    await userEvent.click(screen.getByRole('button', { name: /Insert \{report\}/ }));
    expect(box).toHaveValue('{candidate} - Score: {report}');

    await userEvent.click(screen.getByRole('button', { name: 'Use the default' }));
    expect(box).toHaveValue(defaultTemplate);
  }, 20_000);

  it('previews the unsaved settings: the note, then the feedback form, with the file and whom it was for', async () => {
    const note: ReportPreview = {
      sample: 'result',
      candidateName: 'Ada Lovelace',
      submittedAt: '2026-11-03T14:05:00Z',
      note: 'Backend Challenge: 92%\nReport: https://example.com/r/1',
      fileName: 'Backend Challenge - Ada Lovelace.pdf',
      fileNote: 'Qualified has the PDF report for this result.',
    };
    const feedback: ReportPreview = {
      sample: 'example',
      candidateName: 'Sam Example',
      feedbackTitle: 'Qualified assessment (assessbridge)',
      feedback: [
        { text: 'Assessment', value: 'Backend Challenge' },
        { text: 'Score', value: '92%' },
      ],
      fileName: 'Backend Challenge - Sam Example.pdf',
      fileNote: 'This account has no PDF report: the note links to the report instead.',
    };
    const { calls } = fakeFetch({
      [get]: saved,
      [post]: (call: Call) => ({ body: (call.body as ReportSettingsChange).deliverAs === 'note' ? note : feedback }),
    });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    await userEvent.click(screen.getByRole('switch', { name: /Say the integrity check's result/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const region = await screen.findByRole('region', { name: 'What will be written in Lever' });
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
      deliverAs: 'note', attachReport: true, integrity: true, noteTemplate: 'Score: {score}',
    });
    expect(within(region).getByTestId('preview-note').textContent).toBe(note.note);
    expect(within(region).getByTestId('preview-for')).toHaveTextContent(/^For Ada Lovelace, submitted .*2026/);
    expect(within(region).getByTestId('preview-file')).toHaveTextContent('Backend Challenge - Ada Lovelace.pdf');
    expect(within(region).getByTestId('preview-file')).toHaveTextContent('Qualified has the PDF report for this result.');

    // A change after the preview says the preview is behind.
    await userEvent.click(screen.getByRole('radio', { name: /A feedback form/ }));
    expect(within(region).getByRole('status')).toHaveTextContent('The settings have changed since this preview');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await expect.poll(() => screen.queryByTestId('preview-feedback')).not.toBeNull();
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
      deliverAs: 'feedback', attachReport: true, integrity: true, noteTemplate: 'Score: {score}',
    });
    const again = screen.getByRole('region', { name: 'What will be written in Lever' });
    expect(within(again).queryByTestId('preview-note')).not.toBeInTheDocument();
    expect(within(again).queryByRole('status')).not.toBeInTheDocument();
    expect(within(again).getByText(/Feedback form: Qualified assessment \(assessbridge\)/)).toBeInTheDocument();
    const form = within(again).getByTestId('preview-feedback');
    expect([...form.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Assessment', 'Score']);
    expect([...form.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['Backend Challenge', '92%']);
    expect(within(again).getByTestId('preview-for')).toHaveTextContent('No one has submitted yet: an example candidate, Sam Example');
    expect(within(again).getByTestId('preview-file')).toHaveTextContent('the note links to the report instead');
    // Nothing was saved by previewing.
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  }, 30_000);

  it("shows the server's sentence beside the template when it refuses one, until the template changes", async () => {
    const sentence = 'The note template names {scroe}, which is not a field. The fields are {candidate}, {score} and {report}.';
    fakeFetch({
      [get]: saved,
      [post]: (call: Call) =>
        (call.body as ReportSettingsChange).noteTemplate.includes('{scroe}')
          ? reply(400, { error: sentence, code: 'invalid' })
          : { body: { sample: 'example', candidateName: 'Sam Example', note: 'Score: 92%' } },
    });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    await userEvent.clear(template());
    // user-event reads { as the start of a key name: {{ types one.
    await userEvent.type(template(), 'Score: {{scroe}');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await expect.poll(() => template()).toHaveAccessibleDescription(expect.stringContaining(sentence));
    expect(template()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('preview-error')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'What will be written in Lever' })).not.toBeInTheDocument();

    await userEvent.clear(template());
    await userEvent.type(template(), 'Score: {{score}');
    expect(screen.queryByText(sentence)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByTestId('preview-note')).toHaveTextContent('Score: 92%');
  }, 30_000);

  it('saves exactly the change, with the default template sent as none', async () => {
    const { calls } = fakeFetch({
      [get]: saved,
      [put]: (call: Call) => ({ body: { ...saved, ...(call.body as object), saved: true } }),
    });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    await userEvent.click(screen.getByRole('radio', { name: /A feedback form/ }));
    await userEvent.click(screen.getByRole('switch', { name: /Add Qualified's PDF report as a file/ }));
    await userEvent.click(screen.getByRole('radio', { name: /A note on the candidate/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Use the default' }));
    await userEvent.click(saveButton());
    await expect.poll(() => calls.find((c) => c.method === 'PUT')?.body).toEqual({
      deliverAs: 'note', attachReport: false, integrity: false, noteTemplate: '',
    });
    expect(await screen.findByText(`Report in Lever for ${title} saved.`)).toBeInTheDocument();
    // The form starts again from what was saved: nothing left to save.
    await expect.poll(() => saveButton()).toBeDisabled();
    expect(template()).toHaveValue(defaultTemplate);
    expect(screen.getByRole('switch', { name: /Add Qualified's PDF report as a file/ })).not.toBeChecked();
  }, 30_000);

  it("shows the API's reason when a save is refused, and the load's with Try again", async () => {
    fakeFetch({
      [get]: saved,
      [put]: () => reply(503, { error: 'Lever is not connected: connect it in Setup to write feedback forms.', code: 'unavailable' }),
    });
    renderWithProviders(<ReportSettings assessment={backend} />);
    await loaded();
    await userEvent.click(screen.getByRole('radio', { name: /A feedback form/ }));
    await userEvent.click(saveButton());
    expect(await screen.findByTestId('step-error')).toHaveTextContent('Lever is not connected');
  }, 20_000);

  it('says why the settings could not be loaded', async () => {
    fakeFetch({ [get]: reply(500, { error: 'The database could not be read.', code: 'internal' }) });
    renderWithProviders(<ReportSettings assessment={backend} />);
    expect(await screen.findByText('The database could not be read.', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  }, 20_000);
});
