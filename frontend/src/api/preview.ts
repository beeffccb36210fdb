import { useQuery } from '@tanstack/react-query';
import { request } from './client';
import type { InviteExisting, InviteExistingDone, StageCandidate, StagePreview } from './types.gen';

export type { StageCandidate, StagePreview };

/** Why a candidate already in a stage would or would not be invited (StageCandidate.reason). */
export type PreviewReason =
  | 'already-there'
  | 'not-yet-invited'
  | 'already-invited'
  | 'no-email'
  | 'no-tag'
  | 'archived'
  | 'moved-on';

/** Each reason in a word or two, for the list's badges and the counts. */
export const REASON_LABELS: Record<PreviewReason, string> = {
  'already-there': 'There before it was a trigger',
  'not-yet-invited': 'Not invited yet',
  'already-invited': 'Already invited',
  'no-email': 'No e-mail',
  'no-tag': 'No assessment tag',
  archived: 'Archived',
  'moved-on': 'Moved on',
};

export const reasonLabel = (reason: string) => REASON_LABELS[reason as PreviewReason] ?? reason;

export const previewApi = {
  /** Reads the stage's candidates from Lever: asked for on purpose, never on every refresh. */
  preview: (stageId: string) => request<StagePreview>('GET', `/api/stages/${encodeURIComponent(stageId)}/preview`),
  inviteExisting: (body: InviteExisting) => request<InviteExistingDone>('POST', '/api/stages/invite-existing', body),
};

export const previewKey = (stageId: string) => ['stage-preview', stageId] as const;

/**
 * A stage's preview, read when the recruiter opens it. Each read costs Lever a page per hundred
 * candidates, so it is not read again on live updates or focus: the panel's "Check again" does.
 */
export const useStagePreview = (stageId: string, enabled: boolean) =>
  useQuery({
    queryKey: previewKey(stageId),
    queryFn: () => previewApi.preview(stageId),
    enabled,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** "Backend Challenge (3), SQL Basics (1)": what the invitations of these candidates are to. */
export function assessmentsOf(candidates: StageCandidate[]): { title: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const c of candidates) for (const t of c.assessments) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([title, count]) => ({ title, count }));
}
