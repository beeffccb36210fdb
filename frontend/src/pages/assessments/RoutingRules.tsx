import type { Assessment } from '../../api/types';

/** What happens after a candidate submits this assessment: the cut, the outcome tags, a move on a pass, an archive on a fail. */
export function RoutingRules(_: { assessment: Assessment }) {
  return null;
}
