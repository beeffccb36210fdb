import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconFlag, IconInfoCircle } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { keys, useStages, useTriggerStages } from '../../api/queries';
import { useInvalidateTopics } from '../../api/topics';
import type { Stage, TriggerStage } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ReadFrom } from '../../components/ReadFrom';
import { EmptyState, QueryFallback } from '../../components/States';
import { TimeAgo } from '../../components/TimeAgo';
import { StagePreview } from './StagePreview';

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Lever's stages marked with the trigger stages as saved here. The stages are read from Lever and
 * kept a while; the trigger stages are assessbridge's own and read again whenever they change, so
 * a change (here or elsewhere) shows without asking Lever again. Before they arrive, the marks
 * Lever's answer came with stand.
 */
export function withTriggers(stages: Stage[], triggers: TriggerStage[] | undefined): Stage[] {
  if (!triggers) return stages;
  const since = new Map(triggers.map((t) => [t.stageId, t.since ?? null]));
  return stages.map((stage) => {
    const trigger = since.has(stage.id);
    const at = trigger ? (since.get(stage.id) ?? null) : null;
    return stage.trigger === trigger && stage.since === at ? stage : { ...stage, trigger, since: at };
  });
}

function StageRow({ stage, checked, onToggle }: { stage: Stage; checked: boolean; onToggle: () => void }) {
  return (
    <Group justify="space-between" px="md" py="sm" wrap="nowrap" data-testid="stage-row" data-trigger={stage.trigger}>
      <Checkbox
        checked={checked}
        onChange={onToggle}
        label={stage.text}
        data-testid={`stage-checkbox-${stage.id}`}
        styles={{ label: { fontWeight: checked ? 600 : undefined } }}
      />
      {stage.trigger && stage.since ? (
        <Group gap={4} wrap="nowrap">
          <Text size="xs" c="dimmed">
            Trigger since
          </Text>
          <TimeAgo at={stage.since} size="xs" />
        </Group>
      ) : checked && !stage.trigger ? (
        <Text size="xs" c="indigo">
          Becomes a trigger when saved
        </Text>
      ) : null}
      {/* Saved, or checked but not yet saved: the check before turning it on. */}
      {stage.trigger || checked ? <StagePreview stage={stage} /> : null}
    </Group>
  );
}

/** Choose the Lever stages whose newly entering candidates are invited. */
export function TriggerStagesPage() {
  const stages = useStages();
  const triggers = useTriggerStages();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTopics();
  const list = useMemo(() => withTriggers(stages.data ?? [], triggers.data), [stages.data, triggers.data]);
  const saved = useMemo(() => new Set(list.filter((s) => s.trigger).map((s) => s.id)), [list]);
  // The recruiter's choice while they change it; until then (and after Save or Undo) the saved one.
  const [draft, setDraft] = useState<Set<string> | null>(null);
  const selected = draft ?? saved;

  const save = useMutation({
    mutationFn: (ids: string[]) => api.saveTriggerStages(ids),
    onSuccess: (answer) => {
      // The answer is the new trigger stages: Lever's stages need not be read again.
      queryClient.setQueryData(keys.triggerStages, answer?.triggerStages ?? []);
      void invalidate('status');
      setDraft(null);
      notifications.show({ color: 'teal', message: 'Trigger stages saved.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not save', message: errorMessage(error) }),
  });

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setDraft(next);
  };
  const dirty = !sameSet(selected, saved);

  let body;
  if (!stages.data)
    body = <QueryFallback query={stages} loading="Loading stages from Lever…" errorTitle="Could not load Lever's stages" />;
  else if (list.length === 0)
    body = (
      <EmptyState title="No stages yet" icon={<IconFlag size={24} />}>
        Connect Lever on the Setup screen; your pipeline's stages appear here.
      </EmptyState>
    );
  else
    body = (
      <Paper withBorder radius="md">
        <Stack gap={0}>
          {list.map((stage, i) => (
            <div key={stage.id} style={i > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}>
              <StageRow stage={stage} checked={selected.has(stage.id)} onToggle={() => toggle(stage.id)} />
            </div>
          ))}
        </Stack>
      </Paper>
    );

  return (
    <>
      <PageHeader
        title="Trigger stages"
        description="When a candidate newly enters one of these Lever stages, they are invited to every assessment named by a tag on them or on their job."
        actions={
          list.length > 0 && (
            <>
              {dirty && (
                <Button variant="subtle" color="gray" onClick={() => setDraft(null)}>
                  Undo changes
                </Button>
              )}
              <Button
                onClick={() => save.mutate([...selected])}
                loading={save.isPending}
                disabled={!dirty}
                data-testid="save-trigger-stages"
              >
                Save
              </Button>
            </>
          )
        }
      />
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} mb="md">
        Only candidates who <b>newly</b> enter a trigger stage are invited. Candidates already in a stage when it becomes
        a trigger are skipped: “Already in this stage” shows who they are and why each would or would not be invited,
        and lets you invite them on purpose.
      </Alert>
      <Group justify="flex-end" mb="xs">
        <ReadFrom source="Lever" read={stages} />
      </Group>
      {body}
    </>
  );
}
