import { Button, Checkbox, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useDeadlineRules, useSaveDeadlineRule } from '../../api/deadlines';
import type { Assessment } from '../../api/types';
import type { DeadlineRule } from '../../api/types.gen';

/** How long a candidate has to take this assessment, and when they are reminded. */
export function DeadlineRules({ assessment }: { assessment: Assessment }) {
  const rules = useDeadlineRules();
  const rule = rules.data?.find((r) => r.assessmentId === assessment.id);
  // The form starts from the saved rule, and starts again when it changes (keyed by it): no
  // effect copies the answer into the form's state.
  const key = rule ? `${rule.expireDays}/${rule.remindDays}/${rule.qualifiedDefaults}/${rule.suggestArchive}` : 'none';
  return <DeadlineForm key={key} assessment={assessment} rule={rule} />;
}

function DeadlineForm({ assessment, rule }: { assessment: Assessment; rule: DeadlineRule | undefined }) {
  const save = useSaveDeadlineRule(assessment.id);
  const [on, setOn] = useState(!!rule && (rule.expireDays > 0 || rule.remindDays > 0 || rule.qualifiedDefaults));
  const [defaults, setDefaults] = useState(rule?.qualifiedDefaults ?? false);
  const [expireDays, setExpireDays] = useState(rule?.expireDays || 7);
  const [remindDays, setRemindDays] = useState(rule?.remindDays || 3);
  const [suggestArchive, setSuggestArchive] = useState(rule?.suggestArchive ?? false);
  const submit = () =>
    save.mutate({
      assessmentTitle: assessment.title,
      expireDays: on && !defaults ? expireDays : 0,
      remindDays: on && !defaults ? remindDays : 0,
      qualifiedDefaults: on && defaults,
      suggestArchive: on && suggestArchive,
    });
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Deadline and reminder
      </Title>
      <Switch
        label="Give candidates a deadline"
        description="Off: invitations have Qualified's usual expiry and nobody here is marked expired."
        checked={on}
        onChange={(e) => setOn(e.currentTarget.checked)}
      />
      {on && (
        <>
          <Checkbox
            label="Use Qualified's own deadline and reminder for this assessment"
            checked={defaults}
            onChange={(e) => setDefaults(e.currentTarget.checked)}
          />
          {!defaults && (
            <Group grow>
              <NumberInput
                label="Expire after (days)"
                min={0}
                max={365}
                value={expireDays}
                onChange={(v) => setExpireDays(Number(v) || 0)}
              />
              <NumberInput
                label="Remind after (days)"
                description="Qualified e-mails the reminder"
                min={0}
                max={365}
                value={remindDays}
                onChange={(v) => setRemindDays(Number(v) || 0)}
              />
            </Group>
          )}
          <Text size="xs" c="dimmed">
            A candidate who has not handed in by the deadline is shown as expired and tagged "{assessment.title} -
            Expired" in Lever. The deadline is set when the invitation is sent: Qualified cannot move it afterwards.
          </Text>
          <Checkbox
            label="Suggest archiving expired candidates"
            description="A candidate whose invitation expires is listed with the Candidates dashboard's suggested archives, for you to approve, with the archive reason chosen under “On a fail” above."
            checked={suggestArchive}
            onChange={(e) => setSuggestArchive(e.currentTarget.checked)}
          />
        </>
      )}
      {save.error && (
        <Text size="sm" c="red">
          {errorMessage(save.error)}
        </Text>
      )}
      <Group>
        <Button size="xs" onClick={submit} loading={save.isPending}>
          Save deadline
        </Button>
        {save.isSuccess && (
          <Text size="xs" role="status">
            Saved.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
