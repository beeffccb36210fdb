import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconFlag, IconInfoCircle } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import { api } from '../../api/endpoints';
import { useStages } from '../../api/queries';
import type { Stage } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { TimeAgo } from '../../components/TimeAgo';

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
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
    </Group>
  );
}

/** Choose the Lever stages whose newly entering candidates are invited. */
export function TriggerStagesPage() {
  const stages = useStages();
  const queryClient = useQueryClient();
  const saved = useMemo(
    () => new Set((stages.data ?? []).filter((s) => s.trigger).map((s) => s.id)),
    [stages.data],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [touched, setTouched] = useState(false);

  // Follow the saved choice until the recruiter starts changing it.
  useEffect(() => {
    if (!touched) setSelected(new Set(saved));
  }, [saved, touched]);

  const save = useMutation({
    mutationFn: (ids: string[]) => api.saveTriggerStages(ids),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setTouched(false);
      notifications.show({ color: 'teal', message: 'Trigger stages saved.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not save', message: errorMessage(error) }),
  });

  const toggle = (id: string) => {
    setTouched(true);
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const dirty = !sameSet(selected, saved);
  const list = stages.data ?? [];

  let body;
  if (stages.isPending) body = <Loading label="Loading stages from Lever…" />;
  else if (stages.isError) body = <ErrorState error={stages.error} onRetry={() => stages.refetch()} title="Could not load Lever's stages" />;
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
                <Button
                  variant="subtle"
                  color="gray"
                  onClick={() => {
                    setTouched(false);
                    setSelected(new Set(saved));
                  }}
                >
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
        a trigger are skipped.
      </Alert>
      {body}
    </>
  );
}
