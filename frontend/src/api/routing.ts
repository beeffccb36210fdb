import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import { keys, LIVE_READ_STALE_MS } from './queries';
import type { ArchiveReasons, ArchiveSuggestions, RoutingRules, RoutingRulesChange } from './types.gen';

export type { ArchiveReason, ArchiveSuggestion, RoutingRules, RoutingRulesChange } from './types.gen';

// Routing by score: an assessment's rules, the Lever archive reasons they name, and the archive
// suggestions the dashboard asks the recruiter about. The query keys sit under the prefixes of
// the topics that change them (topics.ts), so live updates refresh them without topics of their
// own: the rules with "assessments", the reasons (read live from Lever) with "lever", the
// suggestions with "invitations".

export const routingKeys = {
  rules: (assessmentId: string) => [...keys.assessments, assessmentId, 'routing'] as const,
  archiveReasons: [...keys.stages, 'archive-reasons'] as const,
  suggestions: [...keys.invitationsAll, 'archive-suggestions'] as const,
};

const rulesPath = (assessmentId: string) => `/api/assessments/${encodeURIComponent(assessmentId)}/routing`;

export const routingApi = {
  rules: (assessmentId: string) => request<RoutingRules>('GET', rulesPath(assessmentId)),
  saveRules: (assessmentId: string, change: RoutingRulesChange) =>
    request<RoutingRules>('PUT', rulesPath(assessmentId), change),
  archiveReasons: () =>
    request<ArchiveReasons>('GET', '/api/archive-reasons').then((r) => r.reasons ?? []),
  suggestions: () =>
    request<ArchiveSuggestions>('GET', '/api/archive-suggestions').then((r) => r.suggestions ?? []),
  approve: (ids: number[]) =>
    request<ArchiveSuggestions>('POST', '/api/archive-suggestions/approve', { ids }).then((r) => r.suggestions ?? []),
  dismiss: (ids: number[]) =>
    request<ArchiveSuggestions>('POST', '/api/archive-suggestions/dismiss', { ids }).then((r) => r.suggestions ?? []),
};

export const useRoutingRules = (assessmentId: string) =>
  useQuery({ queryKey: routingKeys.rules(assessmentId), queryFn: () => routingApi.rules(assessmentId) });

/** Read live from Lever, like the stages: kept for ten minutes, refreshed when Lever changes. */
export const useArchiveReasons = (enabled = true) =>
  useQuery({
    queryKey: routingKeys.archiveReasons,
    queryFn: routingApi.archiveReasons,
    enabled,
    staleTime: LIVE_READ_STALE_MS,
    refetchOnWindowFocus: false,
  });

export const useArchiveSuggestions = () =>
  useQuery({ queryKey: routingKeys.suggestions, queryFn: routingApi.suggestions });

/** Saves an assessment's rules; the answer is the rules as saved. */
export function useSaveRoutingRules(assessmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: RoutingRulesChange) => routingApi.saveRules(assessmentId, change),
    onSuccess: (saved) => client.setQueryData(routingKeys.rules(assessmentId), saved),
  });
}

/** Approves or dismisses suggestions; the answer is the list as it is now. */
export function useDecideSuggestions(decision: 'approve' | 'dismiss') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => (decision === 'approve' ? routingApi.approve(ids) : routingApi.dismiss(ids)),
    onSuccess: (list) => {
      client.setQueryData(routingKeys.suggestions, list);
      void client.invalidateQueries({ queryKey: keys.activityAll });
    },
  });
}
