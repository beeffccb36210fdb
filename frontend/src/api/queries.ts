import { keepPreviousData, replaceEqualDeep, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './endpoints';
import type { ActivityEntry, Invitation, InvitationPage, InvitationQuery } from './types';

/** Query-cache keys; one place so invalidation after a change stays consistent. */
export const keys = {
  status: ['status'] as const,
  stages: ['stages'] as const,
  assessments: ['assessments'] as const,
  invitations: (query: InvitationQuery) => ['invitations', query] as const,
  postings: ['postings'] as const,
  funnel: ['funnel'] as const,
  activity: (failuresOnly: boolean) => ['activity', { failuresOnly }] as const,
  settings: ['settings'] as const,
  users: ['users'] as const,
};

export const ACTIVITY_PAGE_SIZE = 100;

export const useStatus = () => useQuery({ queryKey: keys.status, queryFn: api.status });
export const useStages = () => useQuery({ queryKey: keys.stages, queryFn: api.stages });
export const useAssessments = () => useQuery({ queryKey: keys.assessments, queryFn: api.assessments });
export const usePostings = () => useQuery({ queryKey: keys.postings, queryFn: api.postings });
export const useFunnel = () => useQuery({ queryKey: keys.funnel, queryFn: api.funnel });
export const useSettings = () => useQuery({ queryKey: keys.settings, queryFn: api.settings });
export const useUsers = () => useQuery({ queryKey: keys.users, queryFn: api.users });

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
