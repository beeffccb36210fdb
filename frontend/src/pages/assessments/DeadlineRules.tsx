import type { Assessment } from '../../api/types';

/** How long a candidate has to take this assessment, and when they are reminded. */
export function DeadlineRules(_: { assessment: Assessment }) {
  return null;
}
