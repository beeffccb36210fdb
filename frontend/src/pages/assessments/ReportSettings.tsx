import { useId, useRef, useState, type RefObject } from 'react';
import { Box, Button, Code, Group, Paper, Radio, Stack, Switch, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../../api/client';
import {
  useReportPreview,
  useReportSettings,
  useSaveReportSettings,
  type ReportDelivery,
  type ReportField,
  type ReportPreview,
  type ReportSettings as Settings,
  type ReportSettingsChange,
} from '../../api/report';
import type { Assessment } from '../../api/types';
import { QueryFallback } from '../../components/States';
import { StepError } from '../../components/StepError';
import { formatAbsolute } from '../../lib/format';
import classes from './ReportSettings.module.css';

/**
 * The change as the server keeps it: the default template is sent as "" so that the
 * assessment keeps following the default (DefaultTemplate) rather than a copy of it.
 */
function normalized(change: ReportSettingsChange, defaultTemplate: string): ReportSettingsChange {
  const noteTemplate = change.noteTemplate.trim() === defaultTemplate.trim() ? '' : change.noteTemplate;
  return {
    deliverAs: change.deliverAs,
    attachReport: change.attachReport,
    integrity: change.integrity,
    noteTemplate,
  };
}

/** The form's starting values: the settings as saved, with the default template written out. */
function changeOf(settings: Settings): ReportSettingsChange {
  return {
    deliverAs: settings.deliverAs,
    attachReport: settings.attachReport,
    integrity: settings.integrity,
    noteTemplate: settings.noteTemplate || settings.defaultTemplate,
  };
}

const same = (a: ReportSettingsChange, b: ReportSettingsChange) =>
  a.deliverAs === b.deliverAs &&
  a.attachReport === b.attachReport &&
  a.integrity === b.integrity &&
  a.noteTemplate === b.noteTemplate;

/** What assessbridge writes in Lever when a candidate submits this assessment: a note or a feedback form, and what goes with it. */
export function ReportSettings({ assessment }: { assessment: Assessment }) {
  const settings = useReportSettings(assessment.id);
  const s = settings.data;
  // The form starts from the saved settings, and starts again only when they change (keyed by
  // them): no effect copies the answer into the form's state, and a refresh that brings the
  // same settings keeps what the recruiter is typing.
  const key = s ? JSON.stringify([s.deliverAs, s.attachReport, s.integrity, s.noteTemplate, s.defaultTemplate]) : '';
  return (
    <Stack gap="sm" component="section" aria-label="Report in Lever" className={classes.section}>
      <Title order={3} size="h4">
        Report in Lever
      </Title>
      <Text size="sm" c="dimmed">
        What assessbridge writes on the candidate in Lever when they submit {assessment.title}.
      </Text>
      {!s ? (
        <QueryFallback query={settings} loading="Loading what is written in Lever…" errorTitle="Could not load the report settings" />
      ) : (
        <ReportForm key={key} assessment={assessment} settings={s} />
      )}
    </Stack>
  );
}

function ReportForm({ assessment, settings }: { assessment: Assessment; settings: Settings }) {
  const [draft, setDraft] = useState<ReportSettingsChange>(() => changeOf(settings));
  const set = (part: Partial<ReportSettingsChange>) => setDraft((d) => ({ ...d, ...part }));
  const template = useRef<HTMLTextAreaElement>(null);
  const save = useSaveReportSettings(assessment.id);
  const preview = useReportPreview(assessment.id);
  const title = assessment.title;
  const asNote = draft.deliverAs === 'note';

  const change = normalized(draft, settings.defaultTemplate);
  const saved = normalized(changeOf(settings), settings.defaultTemplate);
  const unchanged = same(change, saved);

  // The server's reason a note's template was refused (the one field typed freely) is shown beside
  // the template, while the template is still the one it was about; once edited, it is gone.
  const refused = (m: { error: unknown; variables?: ReportSettingsChange }) =>
    m.error instanceof ApiError && m.error.status === 400 && m.variables?.deliverAs === 'note';
  const refusal = (m: { error: unknown; variables?: ReportSettingsChange }) =>
    refused(m) && asNote && m.variables?.noteTemplate === change.noteTemplate ? errorMessage(m.error) : null;
  const templateError = refusal(preview) ?? refusal(save);

  /** Puts {name} where the cursor is in the template (replacing a selection), and the cursor after it. */
  const insert = (name: string) => {
    const el = template.current;
    const text = draft.noteTemplate;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? start;
    const field = `{${name}}`;
    set({ noteTemplate: text.slice(0, start) + field + text.slice(end) });
    const caret = start + field.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const submit = () =>
    save.mutate(change, {
      onSuccess: () => notifications.show({ color: 'teal', message: `Report in Lever for ${title} saved.` }),
    });

  return (
    <Stack gap="md">
      <Radio.Group
        label="Write the results as"
        value={draft.deliverAs}
        onChange={(v) => set({ deliverAs: v as ReportDelivery })}
      >
        <Stack gap={8} mt={6}>
          <Radio
            value="note"
            label="A note on the candidate"
            description="The note below, on the candidate's profile, with the score and a link to the report."
          />
          <Radio
            value="feedback"
            label="A feedback form"
            description="For teams that want the scores in Lever's scorecards: assessbridge makes its own feedback template in Lever once and fills it in."
          />
        </Stack>
      </Radio.Group>

      <Switch
        label="Add Qualified's PDF report as a file"
        description="Added to the candidate's files in Lever. Where your Qualified account has no PDF report, the note links to the report instead."
        checked={draft.attachReport}
        onChange={(e) => set({ attachReport: e.currentTarget.checked })}
      />
      <Switch
        label="Say the integrity check's result"
        description="The highest code-similarity risk Qualified found in the candidate's solutions, where your Qualified account has the integrity check."
        checked={draft.integrity}
        onChange={(e) => set({ integrity: e.currentTarget.checked })}
      />

      {asNote && (
        <TemplateEditor
          value={draft.noteTemplate}
          onChange={(noteTemplate) => set({ noteTemplate })}
          fields={settings.fields ?? []}
          onInsert={insert}
          onDefault={() => set({ noteTemplate: settings.defaultTemplate })}
          isDefault={change.noteTemplate === ''}
          error={templateError}
          textarea={template}
        />
      )}

      <Group>
        <Button variant="default" leftSection={<IconEye size={16} />} onClick={() => preview.mutate(change)} loading={preview.isPending}>
          Preview
        </Button>
      </Group>
      {!refused(preview) && <StepError error={preview.error} testId="preview-error" />}
      {preview.data && preview.variables && !preview.isPending && !preview.error && (
        <PreviewPanel preview={preview.data} stale={!same(preview.variables, change)} />
      )}

      {!refused(save) && <StepError error={save.error} />}
      <Group>
        <Button onClick={submit} loading={save.isPending} disabled={unchanged}>
          Save report settings
        </Button>
        {!settings.saved && unchanged && (
          <Text size="sm" c="dimmed">
            {title} follows the defaults until you save.
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function TemplateEditor({
  value,
  onChange,
  fields,
  onInsert,
  onDefault,
  isDefault,
  error,
  textarea,
}: {
  value: string;
  onChange: (value: string) => void;
  fields: ReportField[];
  onInsert: (name: string) => void;
  onDefault: () => void;
  isDefault: boolean;
  error: string | null;
  textarea: RefObject<HTMLTextAreaElement | null>;
}) {
  const fieldsLabel = useId();
  return (
    <Stack gap="xs">
      <Textarea
        ref={textarea}
        label="Note template"
        description="Fields in braces, like {score}, are filled in for each candidate. A last line naming the Qualified result is always added, so the same result is never written twice."
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        rows={8}
        resize="vertical"
        error={error}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      {fields.length > 0 && (
        <div role="group" aria-labelledby={fieldsLabel}>
          <Text id={fieldsLabel} size="sm" fw={500} mb={4}>
            Insert a field at the cursor
          </Text>
          <Group gap={6}>
            {fields.map((f) => (
              <Tooltip key={f.name} label={f.description} multiline maw={320} withArrow>
                <Button
                  size="compact-sm"
                  variant="default"
                  radius="xl"
                  aria-label={`Insert {${f.name}}: ${f.description}`}
                  onClick={() => onInsert(f.name)}
                  styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                >
                  {`{${f.name}}`}
                </Button>
              </Tooltip>
            ))}
          </Group>
        </div>
      )}
      <Group>
        <Button variant="default" size="compact-sm" onClick={onDefault} disabled={isDefault}>
          Use the default
        </Button>
      </Group>
    </Stack>
  );
}

/** Whom a preview was rendered for: the latest real submission, or a made-up candidate. */
function renderedFor(p: ReportPreview): string {
  if (p.sample === 'result') {
    const when = formatAbsolute(p.submittedAt);
    return when ? `For ${p.candidateName}, submitted ${when}` : `For ${p.candidateName}`;
  }
  return p.candidateName
    ? `No one has submitted yet: an example candidate, ${p.candidateName}`
    : 'No one has submitted yet: an example candidate';
}

function PreviewPanel({ preview, stale }: { preview: ReportPreview; stale: boolean }) {
  const heading = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={heading} data-testid="report-preview">
      <Stack gap="sm">
        <div>
          <Title order={4} size="h5" id={heading}>
            What will be written in Lever
          </Title>
          <Text size="sm" c="dimmed" data-testid="preview-for">
            {renderedFor(preview)}
          </Text>
        </div>
        {stale && (
          <Text size="sm" fs="italic" role="status">
            The settings have changed since this preview: preview again to see them.
          </Text>
        )}
        {preview.note !== undefined && preview.note !== '' && (
          <Box>
            <Text size="sm" fw={500} mb={4}>
              Note
            </Text>
            <Code block data-testid="preview-note" style={{ whiteSpace: 'pre-wrap' }}>
              {preview.note}
            </Code>
          </Box>
        )}
        {preview.feedback && preview.feedback.length > 0 && (
          <Box>
            <Text size="sm" fw={500} mb={4}>
              Feedback form{preview.feedbackTitle ? `: ${preview.feedbackTitle}` : ''}
            </Text>
            <Box
              component="dl"
              data-testid="preview-feedback"
              m={0}
              style={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, max-content) 1fr', columnGap: 16, rowGap: 6 }}
            >
              {preview.feedback.map((f, i) => (
                <FeedbackRow key={`${i}-${f.text}`} text={f.text} value={f.value} />
              ))}
            </Box>
          </Box>
        )}
        {preview.fileName && (
          <Box data-testid="preview-file">
            <Text size="sm">
              <Text span fw={500}>
                File:
              </Text>{' '}
              {preview.fileName}
            </Text>
            {preview.fileNote && (
              <Text size="sm" c="dimmed">
                {preview.fileNote}
              </Text>
            )}
          </Box>
        )}
        {!preview.fileName && preview.fileNote && (
          <Text size="sm" c="dimmed" data-testid="preview-file">
            {preview.fileNote}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function FeedbackRow({ text, value }: { text: string; value: string }) {
  return (
    <>
      <Text component="dt" size="sm" fw={500}>
        {text}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ whiteSpace: 'pre-wrap' }}>
        {value || '—'}
      </Text>
    </>
  );
}
