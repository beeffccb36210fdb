import type { Stage } from '../../api/types';

/** Who is in this stage already, who would be invited now and why not the others. */
export function StagePreview(_: { stage: Stage }) {
  return null;
}
