import { Badge } from '@mantine/core';

/** Whether a submitted score reached the assessment's passing score. */
export function PassBadge({ passed }: { passed: boolean | null }) {
  if (passed === null || passed === undefined) return null;
  return passed ? (
    <Badge component="span" color="teal" variant="outline" radius="sm" tt="none" data-testid="pass-badge" data-passed="true">
      Pass
    </Badge>
  ) : (
    <Badge component="span" color="orange" variant="outline" radius="sm" tt="none" data-testid="pass-badge" data-passed="false">
      Fail
    </Badge>
  );
}
