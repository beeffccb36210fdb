import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from './client';
import type {
  DeadlineRule,
  DeadlineRuleChange,
  InvitationActionRequest,
  InvitationActionResult,
  InvitationDeadline,
} from './types.gen';

export type { DeadlineRule, DeadlineRuleChange, InvitationActionResult, InvitationDeadline };

/** What the recruiter can do to an invitation. */
export type InvitationAction = 'resend' | 'cancel' | 'retry';

export const deadlineKeys = {
  rules: ['deadline-rules'] as const,
  invitation: (id: number) => ['invitation-deadline', id] as const,
};

export const deadlinesApi = {
  rules: () => request<DeadlineRule[]>('GET', '/api/deadline-rules'),
  saveRule: (assessmentId: string, change: DeadlineRuleChange) =>
    request<DeadlineRule[]>('PUT', `/api/deadline-rules/${encodeURIComponent(assessmentId)}`, change),
  invitations: (ids: number[]) => request<InvitationDeadline[]>('GET', `/api/invitation-deadlines?ids=${ids.join(',')}`),
  act: (body: InvitationActionRequest) => request<InvitationActionResult>('POST', '/api/invitation-actions', body),
};

/** Every assessment's deadline rule; an assessment without one has none (off). */
export const useDeadlineRules = () => useQuery({ queryKey: deadlineKeys.rules, queryFn: deadlinesApi.rules });

export function useSaveDeadlineRule(assessmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: DeadlineRuleChange) => deadlinesApi.saveRule(assessmentId, change),
    onSuccess: (rules) => queryClient.setQueryData(deadlineKeys.rules, rules),
  });
}

// The rows of one page each ask for their deadline; the asks of one moment go as one request.
let waiting: { id: number; resolve: (d: InvitationDeadline | null) => void; reject: (e: unknown) => void }[] = [];

function batchedDeadline(id: number): Promise<InvitationDeadline | null> {
  return new Promise((resolve, reject) => {
    waiting.push({ id, resolve, reject });
    if (waiting.length === 1) {
      setTimeout(() => {
        const batch = waiting;
        waiting = [];
        deadlinesApi.invitations([...new Set(batch.map((w) => w.id))]).then(
          (list) => batch.forEach((w) => w.resolve(list.find((d) => d.id === w.id) ?? null)),
          (error) => batch.forEach((w) => w.reject(error)),
        );
      }, 0);
    }
  });
}

/** One invitation's deadline ("due in 3 days", "expired") and whether the candidate came back. */
export const useInvitationDeadline = (id: number, status: string) =>
  useQuery({ queryKey: [...deadlineKeys.invitation(id), status], queryFn: () => batchedDeadline(id) });

/** Queues an action on one or more invitations; the answer says which were skipped and why. */
export function useInvitationAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deadlinesApi.act,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitation-deadline'] }),
  });
}
