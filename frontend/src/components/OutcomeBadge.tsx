import { Badge } from '@mantine/core';

const OUTCOME_COLORS: Record<string, string> = {
  ok: 'teal',
  ignored: 'gray',
  skipped: 'indigo',
  rejected: 'orange',
  retrying: 'yellow',
  failed: 'red',
};

/** The outcome of one webhook or action in the activity log. */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge color={OUTCOME_COLORS[outcome] ?? 'gray'} variant="light" radius="sm" data-testid="outcome-badge">
      {outcome}
    </Badge>
  );
}

const SOURCE_COLORS: Record<string, string> = {
  lever: 'cyan',
  qualified: 'grape',
  assessbridge: 'blue',
};

const SOURCE_LABELS: Record<string, string> = {
  lever: 'Lever',
  qualified: 'Qualified',
  assessbridge: 'assessbridge',
};

/** Where an activity line came from. */
export function SourceBadge({ source }: { source: string }) {
  return (
    <Badge color={SOURCE_COLORS[source] ?? 'gray'} variant="outline" radius="sm" tt="none">
      {SOURCE_LABELS[source] ?? source}
    </Badge>
  );
}
