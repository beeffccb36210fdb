import { keepPreviousData, replaceEqualDeep, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './endpoints';
import type { ActivityEntry, Invitation, InvitationPage, InvitationQuery } from './types';

/**
 * Query-cache keys; one place so invalidation after a change stays consistent. The lists that
 * are paged or filtered have a prefix (`invitationsAll`, `activityAll`) that names every variant.
 * Which change refreshes which key is in topics.ts.
 */
export const keys = {
  status: ['status'] as const,
  stages: ['stages'] as const,
  triggerStages: ['trigger-stages'] as const,
  assessments: ['assessments'] as const,
  invitationsAll: ['invitations'] as const,
  invitations: (query: InvitationQuery) => ['invitations', query] as const,
  postings: ['postings'] as const,
  funnel: ['funnel'] as const,
  activityAll: ['activity'] as const,
  activity: (failuresOnly: boolean) => ['activity', { failuresOnly }] as const,
  settings: ['settings'] as const,
  users: ['users'] as const,
};

export const ACTIVITY_PAGE_SIZE = 100;

/**
 * How long an answer read live from Lever (stages, users) or Qualified (assessments) is used
 * before it is read again. Each read spends requests of Lever's 10 a second that the jobs need,
 * and what it lists (a pipeline's stages, the team, the assessments) changes a few times a year:
 * so no read on window focus or on unrelated live updates. It is read again on the page's
 * Refresh button, when the server says it changed (topics "lever", "assessments"), or on the
 * first visit of a page after ten minutes. Kept in the cache for half an hour, so a page shows
 * the answer it read, with its age, rather than loading again.
 */
export const LIVE_READ_STALE_MS = 10 * 60_000;
const liveRead = {
  staleTime: LIVE_READ_STALE_MS,
  gcTime: 3 * LIVE_READ_STALE_MS,
  refetchOnWindowFocus: false,
  refetchOnReconnect: false,
} as const;

export const useStatus = () => useQuery({ queryKey: keys.status, queryFn: api.status });
export const useStages = () => useQuery({ queryKey: keys.stages, queryFn: api.stages, ...liveRead });
export const useTriggerStages = () => useQuery({ queryKey: keys.triggerStages, queryFn: api.triggerStages });
export const useAssessments = () => useQuery({ queryKey: keys.assessments, queryFn: api.assessments, ...liveRead });
export const usePostings = () => useQuery({ queryKey: keys.postings, queryFn: api.postings });
export const useFunnel = () => useQuery({ queryKey: keys.funnel, queryFn: api.funnel });
export const useSettings = () => useQuery({ queryKey: keys.settings, queryFn: api.settings });
export const useUsers = () => useQuery({ queryKey: keys.users, queryFn: api.users, ...liveRead });

/**
 * A refreshed page of invitations that keeps every invitation that did not change as the very
 * object it was, wherever it moved in the list. The query cache's own sharing goes by position, so
 * one candidate moving to the top (the newest change comes first) made every row below look new,
 * and the whole table was drawn again after each live update; matched by id, only changed rows are.
 */
export function sharePage(previous: unknown, next: unknown): unknown {
  const before = previous as InvitationPage | undefined;
  const after = next as InvitationPage;
  if (!before?.invitations || !after?.invitations) return replaceEqualDeep(previous, next);
  const byId = new Map<number, Invitation>(before.invitations.map((inv) => [inv.id, inv]));
  const invitations = after.invitations.map((inv) => {
    const old = byId.get(inv.id);
    return old ? replaceEqualDeep(old, inv) : inv;
  });
  const sameRows =
    invitations.length === before.invitations.length && invitations.every((inv, i) => inv === before.invitations[i]);
  if (sameRows && after.total === before.total) return before;
  return { ...after, invitations: sameRows ? before.invitations : invitations };
}

/** One page of invitations; the previous page stays on screen while the next one loads. */
export const useInvitations = (query: InvitationQuery) =>
  useQuery({
    queryKey: keys.invitations(query),
    queryFn: () => api.invitations(query),
    placeholderData: keepPreviousData,
    structuralSharing: sharePage,
  });

/** The activity log, newest first, paged backwards with before=id. */
export const useActivity = (failuresOnly: boolean) =>
  useInfiniteQuery({
    queryKey: keys.activity(failuresOnly),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api.activity({
        outcome: failuresOnly ? 'failed' : undefined,
        limit: ACTIVITY_PAGE_SIZE,
        before: pageParam,
      }),
    getNextPageParam: (lastPage: ActivityEntry[]) =>
      lastPage.length < ACTIVITY_PAGE_SIZE ? undefined : lastPage[lastPage.length - 1]?.id,
  });
