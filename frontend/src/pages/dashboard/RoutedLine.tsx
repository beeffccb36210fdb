import type { InvitationRouting } from '../../api/types.gen';
import classes from './InvitationTable.module.css';

const OUTCOME: Record<InvitationRouting['outcome'], string> = {
  passed: 'Passed',
  review: 'Review',
  failed: 'Failed',
  expired: 'Expired',
};

/** What the routing rules decided for a submission, in one line: "Passed — moved to On-site interview". */
export function routedLine(r: InvitationRouting): string {
  const head = OUTCOME[r.outcome] ?? r.outcome;
  const left = `left alone${r.note ? `: ${r.note}` : ''}`;
  let step = '';
  if (r.outcome === 'passed' && r.moveTo) {
    step = r.move === 'done' ? `moved to ${r.moveTo}` : r.move === 'left' ? left : `moving to ${r.moveTo}`;
  } else if ((r.outcome === 'failed' || r.outcome === 'expired') && r.archiveMode && r.archiveMode !== 'off') {
    step = {
      '': r.archiveMode === 'automatic' ? 'archiving' : 'archive suggested',
      suggested: 'archive suggested',
      approved: 'archiving',
      dismissed: 'kept, not archived',
      done: 'archived',
      left,
    }[r.archive];
  }
  return step ? `${head} — ${step}` : head;
}

// Under the score: what the assessment's routing rules decided. Plain text, so a screen reader reads
// it with the row; nothing when no rules decided.
export function RoutedLine({ routing }: { routing?: InvitationRouting }) {
  if (!routing) return null;
  return (
    <div className={classes.detail} data-testid="invitation-routed">
      {routedLine(routing)}
    </div>
  );
}
