import { useState } from 'react';
import { Alert, Button, Checkbox, Group, NumberInput, Radio, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useStages, useStatus } from '../../api/queries';
import {
  useArchiveReasons,
  useRoutingRules,
  useSaveRoutingRules,
  type RoutingRules as Rules,
  type RoutingRulesChange,
} from '../../api/routing';
import type { Assessment } from '../../api/types';
import { QueryFallback } from '../../components/States';
import { StepError } from '../../components/StepError';

type FailArchive = RoutingRulesChange['failArchive'];

/** The form's starting values: the rules as saved (all off when never saved). */
function changeOf(rules: Rules): RoutingRulesChange {
  return {
    cut: rules.cut,
    cutScore: rules.cutScore || 70,
    reviewFrom: rules.reviewFrom,
    outcomeTags: rules.outcomeTags,
    passStageId: rules.passStageId,
    failArchive: rules.failArchive,
    failReasonId: rules.failReasonId,
  };
}

/** What happens after a candidate submits this assessment: the cut, the outcome tags, a move on a pass, an archive on a fail. */
export function RoutingRules({ assessment }: { assessment: Assessment }) {
  const rules = useRoutingRules(assessment.id);
  return (
    <Stack gap="sm" component="section" aria-label="Routing by score">
      <Title order={3} size="h4">
        Routing by score
      </Title>
      <Text size="sm" c="dimmed">
        What happens in Lever after a candidate submits {assessment.title}, besides the “{assessment.title} - Submitted” tag
        and the results note. Everything here is off until you turn it on and save.
      </Text>
      {!rules.data ? (
        <QueryFallback query={rules} loading="Loading the rules…" errorTitle="Could not load the routing rules" />
      ) : (
        // Keyed by the saved rules, not by when they were read: a refetch that brings the same
        // rules back (every change in the engine refreshes the assessments) keeps the edits.
        <RoutingForm key={JSON.stringify(changeOf(rules.data))} assessment={assessment} rules={rules.data} />
      )}
    </Stack>
  );
}

function RoutingForm({ assessment, rules }: { assessment: Assessment; rules: Rules }) {
  const [draft, setDraft] = useState<RoutingRulesChange>(() => changeOf(rules));
  const set = (part: Partial<RoutingRulesChange>) => setDraft((d) => ({ ...d, ...part }));
  const status = useStatus();
  const leverConnected = status.data?.lever.connected ?? false;
  const stages = useStages();
  const reasons = useArchiveReasons(leverConnected && draft.failArchive !== 'off');
  const save = useSaveRoutingRules(assessment.id);
  const title = assessment.title;
  const qualifiedCut = assessment.passingScore;
  const cutNow = draft.cut === 'score' ? draft.cutScore : qualifiedCut;

  const stageOptions = [
    { value: '', label: "Don't move them" },
    ...(stages.data ?? []).map((s) => ({ value: s.id, label: s.trigger ? `${s.text} (a trigger stage)` : s.text })),
  ];
  if (draft.passStageId && !stageOptions.some((o) => o.value === draft.passStageId)) {
    stageOptions.push({ value: draft.passStageId, label: rules.passStageName || draft.passStageId });
  }
  const reasonOptions = (reasons.data ?? [])
    .filter((r) => r.type !== 'hired')
    .map((r) => ({ value: r.id, label: r.text }));
  if (draft.failReasonId && !reasonOptions.some((o) => o.value === draft.failReasonId)) {
    reasonOptions.push({ value: draft.failReasonId, label: rules.failReasonText || draft.failReasonId });
  }
  const chosenStage = stages.data?.find((s) => s.id === draft.passStageId);

  const submit = () =>
    save.mutate(
      { ...draft, failReasonId: draft.failArchive === 'off' ? '' : draft.failReasonId },
      { onSuccess: () => notifications.show({ color: 'teal', message: `Routing rules for ${title} saved.` }) },
    );

  return (
    <Stack gap="md">
      <Radio.Group
        label="Who passes"
        description="The cut decides passed or failed; the review band and the actions below follow from it."
        value={draft.cut}
        onChange={(v) => set({ cut: v as RoutingRulesChange['cut'] })}
      >
        <Stack gap={6} mt={6}>
          <Radio
            value="verdict"
            label={
              qualifiedCut != null
                ? `Qualified's own verdict (its passing score, ${qualifiedCut}%)`
                : "Qualified's own verdict"
            }
          />
          <Radio value="score" label="A score I set" />
        </Stack>
      </Radio.Group>
      {draft.cut === 'score' && (
        <NumberInput
          label="Passing score (%)"
          description="A candidate scoring this or more passes."
          min={0}
          max={100}
          value={draft.cutScore}
          onChange={(v) => set({ cutScore: typeof v === 'number' ? v : Number(v) || 0 })}
          w={200}
        />
      )}

      <Checkbox
        label="Mark scores just below the cut as “needs review”"
        description="A candidate in this band is neither passed nor failed: nothing is moved or archived, and the outcome tag says Review."
        checked={draft.reviewFrom != null}
        onChange={(e) => set({ reviewFrom: e.currentTarget.checked ? Math.max(0, (cutNow ?? 70) - 10) : null })}
      />
      {draft.reviewFrom != null && (
        <NumberInput
          label="Review band starts at (%)"
          description={cutNow != null ? `Scores from here up to ${cutNow}% need review.` : 'Scores from here up to the cut need review.'}
          min={0}
          max={100}
          value={draft.reviewFrom}
          onChange={(v) => set({ reviewFrom: typeof v === 'number' ? v : Number(v) || 0 })}
          w={200}
        />
      )}

      <Switch
        label="Add an outcome tag"
        description={`Tags the candidate “${title} - Passed”, “${title} - Review” or “${title} - Failed”, besides “${title} - Submitted”.`}
        checked={draft.outcomeTags}
        onChange={(e) => set({ outcomeTags: e.currentTarget.checked })}
      />

      <Select
        label="On a pass, move the candidate to"
        description={
          leverConnected
            ? 'Moved as the Lever user chosen in Settings, and only if they are still in the stage they were invited from: a move made by someone in the meantime stands.'
            : 'Connect Lever to choose one of your stages.'
        }
        data={stageOptions}
        value={draft.passStageId}
        onChange={(v) => set({ passStageId: v ?? '' })}
        disabled={!leverConnected && !draft.passStageId}
        allowDeselect={false}
      />
      {chosenStage?.trigger && (
        <Text size="sm" c="dimmed" data-testid="loop-note">
          {chosenStage.text} is a trigger stage. A move assessbridge makes itself invites no one there: it remembers its own
          moves and skips the stage change they cause, with a line in the activity log, so a pass can never start a loop.
        </Text>
      )}

      <Radio.Group
        label="On a fail"
        description="Only a candidate still active in the stage they were invited from is archived; one a recruiter moved or archived meanwhile is left alone, and the dashboard says why."
        value={draft.failArchive}
        onChange={(v) => set({ failArchive: v as FailArchive })}
      >
        <Stack gap={6} mt={6}>
          <Radio value="off" label="Leave them where they are" />
          <Radio value="suggest" label="Suggest archiving on the dashboard, for me to approve" />
          <Radio value="automatic" label="Archive them automatically" />
        </Stack>
      </Radio.Group>
      {draft.failArchive !== 'off' && (
        <Select
          label="Archive reason"
          description={leverConnected ? "One of your Lever account's archive reasons." : 'Connect Lever to choose a reason.'}
          data={reasonOptions}
          value={draft.failReasonId || null}
          onChange={(v) => set({ failReasonId: v ?? '' })}
          placeholder={reasons.isPending && leverConnected ? 'Loading Lever’s archive reasons…' : 'Choose a reason'}
          disabled={!leverConnected}
        />
      )}
      {draft.failArchive === 'automatic' && (
        <Alert color="orange" variant="light" py="xs">
          Candidates who fail are archived in Lever without asking. Choose “Suggest” to approve each one yourself.
        </Alert>
      )}

      <StepError error={save.error} />
      <Group>
        <Button onClick={submit} loading={save.isPending}>
          Save routing rules
        </Button>
      </Group>
    </Stack>
  );
}
